package io.lvs4j.cli.replay;

import static io.lvs4j.cli.replay.Replayer.RS1;
import static io.lvs4j.cli.replay.Replayer.RS2;
import static io.lvs4j.cli.replay.Replayer.RS3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.cli.replay.Replayer.Result;
import io.lvs4j.cli.replay.Replayer.Sent;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replay writes besides forwarded frames (gratuitous ARP, ARP requests for the servers,
 * ARP answers for the VIP), where real servers' MACs come from, the director's own addresses,
 * timestamps, and the summary.
 */
class ReplayArpTest {
    static final String CLIENT_MAC = "02:00:00:00:00:20";
    static final String CLIENT = "10.0.0.20";

    @TempDir
    Path dir;
    Replayer replayer;

    @BeforeEach
    void setUp() {
        replayer = new Replayer(dir);
    }

    private static String arp(Sent s) {
        byte[] f = s.frame();
        return (Traffic.get16(f, 20) == 1 ? "who-has " : "reply ") + Traffic.ipText(Traffic.get32(f, 38))
                + " tell " + Traffic.ipText(Traffic.get32(f, 28)) + " (" + Traffic.macText(Traffic.getMac(f, 22))
                + " -> " + Traffic.macText(Traffic.getMac(f, 0)) + ")";
    }

    private static List<String> describe(Result r) {
        List<String> l = new ArrayList<>();
        for (Sent s : r.sent()) {
            String time = (s.seconds() - Traffic.T0) + "." + String.format("%06d", s.fraction());
            l.add(time + " " + (s.kind().equals("tcp") ? "tcp " + s.client() + ":" + s.port() + " -> " + s.to()
                    : arp(s)));
        }
        return l;
    }

    @Test
    void whoHasTheVipIsAnsweredAndNothingElseIs() throws Exception {
        Traffic t = new Traffic()
                .at(0.5).arpRequest(CLIENT_MAC, CLIENT, Traffic.VIP)
                .at(0.6).arpRequest(CLIENT_MAC, CLIENT, "10.0.0.99")   // not a VIP: no answer
                .at(0.7).arpRequest(CLIENT_MAC, Traffic.VIP, Traffic.VIP); // someone else's gratuitous ARP
        Result r = replayer.run(t, Replayer.rules("-s rr", RS1, 1, RS2, 1, RS3, 1), Replayer.neigh(RS1, RS2, RS3));
        // At start (the first frame's time): a gratuitous ARP for the VIP, then who-has for every
        // real server (list order) from the default 02:00:00:00:00:01 and 0.0.0.0 (ARP probes).
        assertEquals(List.of(
                "0.500000 who-has 10.0.0.100 tell 10.0.0.100 (02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff)",
                "0.500000 who-has 10.0.0.13 tell 0.0.0.0 (02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff)",
                "0.500000 who-has 10.0.0.12 tell 0.0.0.0 (02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff)",
                "0.500000 who-has 10.0.0.11 tell 0.0.0.0 (02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff)",
                "0.500000 reply 10.0.0.20 tell 10.0.0.100 (02:00:00:00:00:01 -> 02:00:00:00:00:20)"),
                describe(r));
        // the answer, byte for byte: Ethernet to the asker from us, ARP reply "VIP is-at our MAC"
        byte[] expected = HexFormat.of().parseHex("020000000020" + "020000000001" + "0806"
                + "0001" + "0800" + "06" + "04" + "0002"
                + "020000000001" + "0a000064" + "020000000020" + "0a000014");
        assertArrayEquals(expected, r.sent().get(4).frame());
        // "arp sent" counts every ARP frame the director sent: gratuitous, 3 who-has and the answer
        assertTrue(r.out().contains("director: frames 3, arp seen 3, arp answered for VIPs 1, arp sent 5\n"),
                r.out());
    }

    @Test
    void realServerMacsAreLearntFromArpInTheCapture() throws Exception {
        // no --neigh: a server takes new connections once the capture shows where it is
        Traffic t = new Traffic()
                .at(0.0).syn("192.168.0.1", 40001)    // no MAC known: no server available, dropped
                .at(0.1).arpReply(RS1.mac(), RS1.ip(), Traffic.CAPTURED_DIRECTOR_MAC, "10.0.0.10")
                .at(0.2).syn("192.168.0.2", 40002)    // rs2 (list head) unknown, skipped -> rs1
                .at(0.3).arpRequest(RS2.mac(), RS2.ip(), "10.0.0.1") // a request tells its sender's MAC too
                .at(0.4).syn("192.168.0.3", 40003)    // after rs1 comes the head again: rs2
                .at(0.5).syn("192.168.0.4", 40004);   // rs1
        Result r = replayer.run(t, Replayer.rules("-s rr", RS1, 1, RS2, 1), List.of());
        assertEquals(List.of("rs1", "rs2", "rs1"), r.synServers());
        assertTrue(r.out().contains("dropped: no destination / not SYN / table full 1"), r.out());
    }

    @Test
    void withMacAndIpTheDirectorIsThatHostOnly() throws Exception {
        String ours = "52:54:00:00:00:0a";
        Traffic t = new Traffic()
                .at(1).to(ours).syn("192.168.0.1", 40001)                 // to us: forwarded
                .at(2).to("02:00:00:00:00:99").syn("192.168.0.2", 40002)  // another host's: not ours
                .at(3).to("ff:ff:ff:ff:ff:ff").arpRequest(CLIENT_MAC, CLIENT, Traffic.VIP);
        Result r = replayer.run(t, Replayer.rules("-s rr", RS1, 1), listOf(Replayer.neigh(RS1),
                "--mac", ours, "--ip", "10.0.0.10"));
        assertEquals(List.of(
                "1.000000 who-has 10.0.0.100 tell 10.0.0.100 (52:54:00:00:00:0a -> ff:ff:ff:ff:ff:ff)",
                "1.000000 who-has 10.0.0.11 tell 10.0.0.10 (52:54:00:00:00:0a -> ff:ff:ff:ff:ff:ff)",
                "1.000000 tcp 192.168.0.1:40001 -> rs1",
                "3.000000 reply 10.0.0.20 tell 10.0.0.100 (52:54:00:00:00:0a -> 02:00:00:00:00:20)"),
                describe(r));
        byte[] forwarded = r.forwarded().get(0).frame();
        assertEquals(Traffic.mac(ours), Traffic.getMac(forwarded, 6), "source MAC: the director's");
        assertTrue(r.out().contains("dropped: not addressed to us 1"), r.out());
    }

    @Test
    void withoutMacFramesToAnyMacAreOursButOurOwnAreNot() throws Exception {
        Traffic t = new Traffic()
                .at(1).to("02:00:00:00:00:99").syn("192.168.0.1", 40001)
                .at(2).to("ff:ff:ff:ff:ff:ff").syn("192.168.0.2", 40002);
        Result r = replayer.run(t, Replayer.rules("-s rr", RS1, 1), Replayer.neigh(RS1));
        assertEquals(List.of("rs1", "rs1"), r.synServers());
    }

    @Test
    void tunnelServersGetTheClientsPacketInsideIpipFromTheDirectorsIp() throws Exception {
        Traffic t = new Traffic().at(1).syn("192.168.0.1", 40001);
        String rules = "-A -t 10.0.0.100:80 -s rr\n-a -t 10.0.0.100:80 -r 10.0.0.11:80 -i -w 1\n";
        Result r = replayer.run(t, rules, listOf(Replayer.neigh(RS1), "--ip", "10.0.0.10"));
        Sent s = r.sent().get(r.sent().size() - 1);
        byte[] f = s.frame();
        byte[] in = t.records().get(0).frame();
        assertEquals("rs1", s.to());
        assertEquals(4, f[23], "outer protocol: IPIP");
        assertEquals("10.0.0.10", Traffic.ipText(Traffic.get32(f, 26)), "outer source: --ip");
        assertEquals("10.0.0.11", Traffic.ipText(Traffic.get32(f, 30)), "outer destination: the server");
        assertArrayEquals(java.util.Arrays.copyOfRange(in, 14, in.length),
                java.util.Arrays.copyOfRange(f, 34, f.length), "inner packet: the client's, untouched");
        assertTrue(r.out().contains("forwarded (tunnel) 1"), r.out());
    }

    @Test
    void nanosecondBigEndianCapturesKeepTheirResolution() throws Exception {
        // the same frames, written big-endian with nanoseconds: OUT.pcap is nanosecond too, and every
        // written frame has the exact timestamp of the frame that caused it
        Traffic t = new Traffic()
                .at(0.25).handshake("192.168.0.1", 40001)
                .at(7.5).syn("192.168.0.2", 40002);
        List<Pcap.Record> ns = new ArrayList<>();
        for (Pcap.Record rec : t.records()) {
            ns.add(new Pcap.Record(rec.seconds(), rec.fraction() * 1000 + 789, rec.frame()));
        }
        Path in = dir.resolve("ns.pcap");
        Pcap.write(in, ns, ByteOrder.BIG_ENDIAN, true, 1);
        Path out = dir.resolve("ns-out.pcap");
        Result r = Replayer.cli(listOf(List.of("run", "--read", in.toString(), "--write", out.toString(), "-f",
                rules(Replayer.rules("-s rr", RS1, 1, RS2, 1))), Replayer.neigh(RS1, RS2)).toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        Pcap.File written = Pcap.read(out);
        assertTrue(written.nanosecond());
        List<String> stamps = new ArrayList<>();
        for (Pcap.Record rec : written.records()) {
            stamps.add((rec.seconds() - Traffic.T0) + "." + String.format("%09d", rec.fraction()));
        }
        assertEquals(List.of("0.250000789", "0.250000789", "0.250000789", // gratuitous ARP, 2 who-has
                "0.250000789", "0.251000789", "7.500000789"), stamps);   // SYN, ACK, SYN
    }

    @Test
    void theSummaryIsRunsSummaryOverCaptureTime() throws Exception {
        Traffic t = new Traffic()
                .at(0).handshake("192.168.0.1", 40001)
                .at(12.345).handshake("192.168.0.2", 40002)
                .at(12.5).to("ff:ff:ff:ff:ff:ff").arpRequest(CLIENT_MAC, CLIENT, Traffic.VIP);
        // wrr built server by server over rs2(w1) rs1(w2): cw starts at 1, so rs2 then rs1
        Result r = replayer.run(t, Replayer.rules("-s wrr", RS1, 2, RS2, 1), Replayer.neigh(RS1, RS2));
        assertEquals("lvs4j: stopped after 12.5 s on " + r.input() + "\n"
                + "  TCP 10.0.0.100:80 wrr: conns 2, packets 4, bytes 160\n"
                + "    -> 10.0.0.12:80 Route weight 1: conns 1, packets 2, bytes 80\n"
                + "    -> 10.0.0.11:80 Route weight 2: conns 1, packets 2, bytes 80\n"
                + "  director: frames 5, forwarded (route) 4, arp seen 1, arp answered for VIPs 1, arp sent 4\n" // 1+2+1
                + "  connections: 2 tracked; dropped: no destination 0, not SYN 0, table full 0, server removed 0;"
                + " evicted: embryonic 0, inactive 0; kernel drops 0\n", r.out());
    }

    private String rules(String text) throws Exception {
        Path p = Files.createTempFile(dir, "rules", "");
        Files.writeString(p, text);
        return p.toString();
    }

    private static List<String> listOf(List<String> first, Object... more) {
        List<String> l = new ArrayList<>(first);
        for (Object o : more) {
            if (o instanceof List<?> list) {
                list.forEach(x -> l.add((String) x));
            } else {
                l.add((String) o);
            }
        }
        return l;
    }
}
