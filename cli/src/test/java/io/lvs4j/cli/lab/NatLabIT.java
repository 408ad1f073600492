package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.Ipv4Packet;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The classic two-NIC LVS-NAT lab (netns-lab.sh --mode nat): the client and the director's eth0
 * on the public bridge, the real servers on a private one behind the director's eth1, their
 * default gateway. Set up with the course's commands through the ipvsadm shim.
 */
@Tag("lab")
class NatLabIT {
    private static final Path SHIM = Lab.REPO.resolve("bin/ipvsadm");
    private static final String RIP1 = "10.0.1.11";
    private static final String RIP2 = "10.0.1.12";
    private static final String VIP2 = "10.0.0.101";
    private static final String PRIVATE_NET = "10.0.1.0/24";
    private static final Pattern CONNECTION_LINE = Pattern.compile(
            "^TCP\\s+\\d\\d:\\d\\d\\s+(\\S+)\\s+\\S+\\s+\\S+\\s+(\\S+)\\s*$");

    private static Lab lab;

    @BeforeAll
    static void up() {
        Lab.requirePrerequisites("NAT lab", List.of("nft", "ab"), List.of());
        lab = Lab.up("--mode", "nat");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static DirectorProcess director() throws Exception {
        // Two NICs run on libpcap only: --io pcap, whatever $LVS4J_IO the rest of the suite runs with.
        DirectorProcess d = DirectorProcess.start(lab, "", 0, "-i", "eth1", "--io", "pcap");
        if (!Shell.await(30_000, () -> d.log().contains("LiveDirector: directing on"))) {
            d.close();
            throw new AssertionError("the director did not start: " + d.log());
        }
        return d;
    }

    @Test
    void classicNatLabAlternatesCountsBothWaysAndKeepsThePrivateSideHidden() throws Exception {
        String web = "host " + Lab.VIP + " and tcp port 80";
        try (DirectorProcess director = director();
             Capture client = Capture.start(lab, "client", "inout", web);
             Capture rs1 = Capture.start(lab, "rs1", "inout", "tcp port 80");
             Capture rs2 = Capture.start(lab, "rs2", "inout", "tcp port 80");
             Capture clientBad = Capture.start(lab, "client", "in",
                     "src net " + PRIVATE_NET + " or tcp[tcpflags] & tcp-rst != 0");
             Capture directorBad = Capture.start(lab, "director", "out", "icmp or tcp[tcpflags] & tcp-rst != 0")) {
            ok("-A", "-t", Lab.VIP + ":80", "-s", "wrr");
            ok("-a", "-t", Lab.VIP + ":80", "-r", RIP1 + ":80", "-m", "-w", "1");
            ok("-a", "-t", Lab.VIP + ":80", "-r", RIP2 + ":80", "-m", "-w", "1");
            awaitResolved(director, RIP1, RIP2);
            String guard = lab.exec(10, "director", "nft", "list", "table", "ip", "lvs4j_nat").orFail("nft list").out();

            List<String> answers = lab.get(10);
            List<byte[]> atClient = client.frames();
            List<byte[]> atRs1 = rs1.frames();
            List<byte[]> atRs2 = rs2.frames();
            Map<String, long[]> stats = IpvsadmStats.parse(settled("-Ln", "--stats", "--exact"));
            List<String> states = connectionStates();

            List<byte[]> badBeforeAb = clientBad.frames();
            List<byte[]> noiseBeforeAb = directorBad.frames();

            // ab's 2 000 connections, 100 at a time, on ports the client's kernel picks: a real
            // server's kernel may answer a late segment of a connection it has closed with an RST,
            // which the director rightly translates. So RSTs are asserted on the 10 requests above;
            // under ab, that no request failed and that nothing private or ICMP reaches the client.
            String ab = lab.exec(180, "client", "ab", "-c", "100", "-n", "2000", "http://" + Lab.VIP + "/")
                    .orFail("ab").out();
            Map<String, Capture> flows = new TreeMap<>(Map.of("client", client, "rs1", rs1, "rs2", rs2));
            List<byte[]> bad = clientBad.frames();
            List<byte[]> leaks = bad.stream().filter(f -> inPrivateNet(source(f))).toList();
            List<byte[]> abResets = bad.subList(badBeforeAb.size(), bad.size()).stream()
                    .filter(f -> !inPrivateNet(source(f))).toList();
            if (!abResets.isEmpty()) {
                System.out.printf("NAT lab: %d RST(s) at the client under ab, translated from the real servers:%s%n",
                        abResets.size(), flowTrace(abResets, flows));
            }
            List<byte[]> icmpFromDirector = directorBad.frames().stream().filter(f -> protocol(f) == 1).toList();
            String badFlows = flowTrace(badBeforeAb, flows);
            director.stop();
            String guardAfter = lab.exec(10, "director", "nft", "list", "tables").out();

            Predicate<byte[]> fromVip = f -> source(f) == Ipv4Address.parse(Lab.VIP);
            Predicate<byte[]> toPort80 = f -> destinationPort(f) == 80;
            long[] s1 = stats.get(RIP1 + ":80");
            long[] s2 = stats.get(RIP2 + ":80");
            long[] svc = stats.get(Lab.VIP + ":80");
            assertNotNull(svc, "the service's --stats line: " + stats);
            System.out.printf("NAT lab: %s; stats %s; ab %s req/s%n", answers, format(stats),
                    field(ab, "Requests per second:\\s+(\\S+)"));
            assertAll("the classic NAT lab",
                    () -> assertEquals(10, answers.stream().filter(a -> a.equals("rs1") || a.equals("rs2")).count(),
                            "answers: " + answers),
                    () -> {
                        for (int i = 1; i < answers.size(); i++) {
                            assertNotEquals(answers.get(i - 1), answers.get(i), "wrr 1:1 alternates: " + answers);
                        }
                    },
                    () -> assertEquals(5, s1[0], "rs1 Conns"),
                    () -> assertEquals(5, s2[0], "rs2 Conns"),
                    () -> assertEquals(count(atRs1, toPort80), s1[1], "rs1 InPkts = packets rs1 received"),
                    () -> assertEquals(count(atRs1, toPort80.negate()), s1[2], "rs1 OutPkts = packets rs1 sent"),
                    () -> assertEquals(bytes(atRs1, toPort80), s1[3], "rs1 InBytes"),
                    () -> assertEquals(bytes(atRs1, toPort80.negate()), s1[4], "rs1 OutBytes"),
                    () -> assertEquals(count(atRs2, toPort80), s2[1], "rs2 InPkts = packets rs2 received"),
                    () -> assertEquals(count(atRs2, toPort80.negate()), s2[2], "rs2 OutPkts = packets rs2 sent"),
                    () -> assertEquals(bytes(atRs2, toPort80), s2[3], "rs2 InBytes"),
                    () -> assertEquals(bytes(atRs2, toPort80.negate()), s2[4], "rs2 OutBytes"),
                    () -> assertEquals(count(atClient, fromVip.negate()), svc[1], "service InPkts = client's packets to the VIP"),
                    () -> assertEquals(count(atClient, fromVip), svc[2], "service OutPkts = packets the client got from the VIP"),
                    () -> assertEquals(bytes(atClient, fromVip), svc[4], "service OutBytes = bytes the client got"),
                    () -> assertEquals(List.of("TIME_WAIT"), states.stream().distinct().toList(),
                            "-Lnc after HTTP/1.0 closes: INPUT/OUTPUT tables (DR's INPUT_ONLY would say FIN_WAIT)"),
                    () -> assertEquals(10, states.size(), "-Lnc entries"),
                    () -> assertTrue(ab.contains("Complete requests:      2000"), ab),
                    () -> assertTrue(ab.contains("Failed requests:        0"), ab),
                    () -> assertEquals(List.of(), describe(badBeforeAb),
                            "packets from a private address or RSTs at the client, 10 requests" + badFlows),
                    () -> assertEquals(List.of(), describe(noiseBeforeAb),
                            "RST or ICMP frames that left the director's eth0, 10 requests" + badFlows),
                    () -> assertEquals(List.of(), describe(leaks), "packets from a private address at the client"),
                    () -> assertEquals(List.of(), describe(icmpFromDirector), "ICMP that left the director's eth0"),
                    () -> assertTrue(guard.contains("ip daddr " + Lab.VIP + " drop") && guard.contains(RIP1)
                            && guard.contains(RIP2), "the nftables guard while running:\n" + guard),
                    () -> assertTrue(!guardAfter.contains("lvs4j_nat"), "the guard is gone at exit: " + guardAfter));
        }
    }

    @Test
    void portMappingUdpAndAPortUnreachableTranslatedForTheClient() throws Exception {
        Path client = Files.createTempFile("nat-udp-client", ".py");
        Files.writeString(client, UDP_CLIENT);
        Process http8080 = null;
        Process echo = null;
        try (DirectorProcess director = director();
             Capture clientIn = Capture.start(lab, "client", "in", "icmp or udp or src net " + PRIVATE_NET)) {
            http8080 = new ProcessBuilder("ip", "netns", "exec", lab.ns("rs1"), "python3",
                    Lab.REPO.resolve("vagrant/rs-httpd.py").toString(), "--name", "rs1-8080", "--port", "8080")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            echo = new ProcessBuilder("ip", "netns", "exec", lab.ns("rs2"), "python3", "-c", UDP_ECHO)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ok("-A", "-t", VIP2 + ":80", "-s", "rr");
            ok("-a", "-t", VIP2 + ":80", "-r", RIP1 + ":8080", "-m");
            ok("-A", "-u", Lab.VIP + ":53", "-s", "rr");
            ok("-a", "-u", Lab.VIP + ":53", "-r", RIP2 + ":5300", "-m");
            ok("-A", "-u", Lab.VIP + ":54", "-s", "rr");
            ok("-a", "-u", Lab.VIP + ":54", "-r", RIP2 + ":5999", "-m");
            awaitResolved(director, RIP1, RIP2);
            assertTrue(ok("-Ln").contains("  -> " + RIP1 + ":8080               Masq    1"), ok("-Ln"));

            String[] answer = {""};
            // the daemon may still be starting: ask until it answers (or 60 s)
            Shell.await(60_000, () -> (answer[0] = lab.exec(30, "client", "curl", "-s", "-m", "5",
                    "http://" + VIP2 + "/").out().strip()).equals("rs1-8080"));
            String mapped = answer[0];
            String udp = lab.exec(60, "client", "python3", client.toString(), Lab.VIP, "53").orFail("udp").out().strip();
            String refused = lab.exec(60, "client", "python3", client.toString(), Lab.VIP, "54").orFail("udp").out().strip();
            List<byte[]> seen = clientIn.frames();
            director.stop();

            int vip = Ipv4Address.parse(Lab.VIP);
            assertAll("port mapping, UDP and ICMP through NAT",
                    () -> assertEquals("rs1-8080", mapped, VIP2 + ":80 → " + RIP1 + ":8080"),
                    () -> assertEquals("answer rs2:ping", udp, "UDP " + Lab.VIP + ":53 → " + RIP2 + ":5300"),
                    () -> assertEquals("refused", refused, "the server's port unreachable reached the client's socket"),
                    () -> assertTrue(seen.stream().anyMatch(f -> source(f) == vip && protocol(f) == Ipv4Packet.PROTO_ICMP),
                            "an ICMP error from the VIP at the client"),
                    () -> assertEquals(List.of(), seen.stream().filter(f -> (source(f) >>> 8) == (Ipv4Address.parse(RIP1) >>> 8))
                            .map(f -> Ipv4Address.toString(source(f))).toList(), "packets from the private network"));
        } finally {
            if (http8080 != null) {
                http8080.destroy();
            }
            if (echo != null) {
                echo.destroy();
            }
            Files.deleteIfExists(client);
        }
    }

    /** rs2's UDP echo on 5300: "rs2:" + the datagram. */
    private static final String UDP_ECHO = "import socket\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            + "s.bind(('0.0.0.0', 5300))\n"
            + "while True:\n"
            + "    data, peer = s.recvfrom(2048)\n"
            + "    s.sendto(b'rs2:' + data, peer)\n";

    /**
     * A connected UDP socket to VIP:port: prints "answer X" for a datagram from VIP:port (the
     * kernel drops others for a connected socket), "refused" when an ICMP port unreachable about
     * it arrived (ECONNREFUSED: the quote matched the socket), retrying on silence.
     */
    private static final String UDP_CLIENT = "import socket, sys\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            + "s.settimeout(2)\n"
            + "s.connect((sys.argv[1], int(sys.argv[2])))\n"
            + "for i in range(20):\n"
            + "    try:\n"
            + "        s.send(b'ping')\n"
            + "        print('answer ' + s.recv(2048).decode())\n"
            + "        break\n"
            + "    except ConnectionRefusedError:\n"
            + "        print('refused')\n"
            + "        break\n"
            + "    except socket.timeout:\n"
            + "        pass\n"
            + "else:\n"
            + "    print('silence')\n";

    private static String ok(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LVS4J_CONTROL=" + lab.control(), SHIM.toString()));
        cmd.addAll(List.of(args));
        Shell.Result r = Shell.run(30, cmd).orFail("ipvsadm " + String.join(" ", args));
        assertEquals("", r.err(), "ipvsadm " + String.join(" ", args) + " stderr");
        return r.out();
    }

    private static void awaitResolved(DirectorProcess director, String... servers) {
        for (String s : servers) {
            assertTrue(Shell.await(30_000, () -> director.log().contains("real server " + s + " is at")),
                    "the director resolves " + s + ": " + director.log());
        }
    }

    /** The output once it reads the same for a second (at most 60 s): the last FINs and ACKs counted. */
    private static String settled(String... args) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        String last = ok(args);
        while (System.currentTimeMillis() < end) {
            Thread.sleep(1_000);
            String now = ok(args);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static List<String> connectionStates() {
        List<String> states = new ArrayList<>();
        for (String line : ok("-Lnc").split("\n")) {
            Matcher m = CONNECTION_LINE.matcher(line);
            if (m.matches()) {
                states.add(m.group(1));
            }
        }
        return states;
    }

    private static String format(Map<String, long[]> stats) {
        StringBuilder sb = new StringBuilder();
        stats.forEach((k, v) -> sb.append(k).append('=').append(java.util.Arrays.toString(v)).append(' '));
        return sb.toString().strip();
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), regex + " in:\n" + text);
        return m.group(1);
    }

    private static long count(List<byte[]> frames, Predicate<byte[]> which) {
        return frames.stream().filter(which).count();
    }

    private static long bytes(List<byte[]> frames, Predicate<byte[]> which) {
        return frames.stream().filter(which).mapToLong(f -> ip(f).totalLength()).sum();
    }

    private static Ipv4Packet ip(byte[] f) {
        EthernetFrame eth = new EthernetFrame().wrap(f, 0, f.length);
        return new Ipv4Packet().wrap(f, eth.payloadOffset(), f.length - eth.payloadOffset());
    }

    private static int source(byte[] f) {
        return ip(f).source();
    }

    private static int protocol(byte[] f) {
        return ip(f).protocol();
    }

    /** "SRC:PORT > DST:PORT proto P flags F" per frame: what a failure shows of a stray RST or ICMP. */
    private static List<String> describe(List<byte[]> frames) {
        return frames.stream().map(f -> {
            Ipv4Packet ip = ip(f);
            int l4 = ip.payloadOffset();
            return Ipv4Address.toString(ip.source()) + ":" + sourcePort(f) + " > "
                    + Ipv4Address.toString(ip.destination()) + ":" + destinationPort(f)
                    + " proto " + ip.protocol() + " flags 0x"
                    + (f.length > l4 + 13 ? Integer.toHexString(f[l4 + 13] & 0xff) : "-");
        }).toList();
    }

    /**
     * Every captured frame of the client ports in {@code frames}, per capture in capture order, with
     * sequence and acknowledgement numbers: what a failure shows of how a stray RST came about.
     */
    private static String flowTrace(List<byte[]> frames, Map<String, Capture> captures)
            throws java.io.IOException, InterruptedException {
        if (frames.isEmpty()) {
            return "";
        }
        Map<String, List<byte[]>> captured = new TreeMap<>();
        for (Map.Entry<String, Capture> c : captures.entrySet()) {
            captured.put(c.getKey(), c.getValue().frames());
        }
        StringBuilder sb = new StringBuilder();
        for (byte[] bad : frames) {
            int port = source(bad) == Ipv4Address.parse(Lab.VIP) ? destinationPort(bad) : sourcePort(bad);
            for (Map.Entry<String, List<byte[]>> c : captured.entrySet()) {
                sb.append("\n  client port ").append(port).append(" at ").append(c.getKey()).append(':');
                for (byte[] f : c.getValue()) {
                    if (protocol(f) == 6 && (sourcePort(f) == port || destinationPort(f) == port)) {
                        ByteBuffer b = ByteBuffer.wrap(f);
                        Ipv4Packet ip = ip(f);
                        int l4 = ip.payloadOffset();
                        sb.append("\n    ").append(describe(List.of(f)).get(0))
                                .append(" seq ").append(b.getInt(l4 + 4) & 0xffffffffL)
                                .append(" ack ").append(b.getInt(l4 + 8) & 0xffffffffL)
                                .append(" len ").append(ip.totalLength() - (l4 - ip.offset()) - ((f[l4 + 12] & 0xf0) >> 2));
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean inPrivateNet(int address) {
        return (address & 0xffffff00) == Ipv4Address.parse(PRIVATE_NET.substring(0, PRIVATE_NET.indexOf('/'))); // a /24
    }

    private static int sourcePort(byte[] f) {
        Ipv4Packet ip = ip(f);
        return ByteBuffer.wrap(f).getShort(ip.payloadOffset()) & 0xffff;
    }

    private static int destinationPort(byte[] f) {
        Ipv4Packet ip = ip(f);
        return ByteBuffer.wrap(f).getShort(ip.payloadOffset() + 2) & 0xffff;
    }
}
