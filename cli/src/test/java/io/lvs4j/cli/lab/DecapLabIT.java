package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `lvs4j decap` as an LVS-TUN real server on a kernel without ipip: two fresh namespaces on a veth
 * pair, the sender injects hand-built IPIP frames (it has no ipip either), and the server's own
 * TCP stack must answer the inner SYN from the VIP. Everything is taken down in finally.
 */
@Tag("lab")
class DecapLabIT {
    static final String SENDER_IP = "10.9.0.1";
    static final String SERVER_IP = "10.9.0.2";
    static final String VIP = "10.9.0.100";
    static final int GOOD_PORT = 40001;
    static final int BAD_PORT = 40002;
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    static final Path JAR = REPO.resolve("cli/target/lvs4j.jar");
    static final Path HTTPD = REPO.resolve("vagrant/rs-httpd.py");

    private final String prefix = "d4j" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final String sender = prefix + "-snd";
    private final String server = prefix + "-srv";
    private final List<Process> processes = new ArrayList<>();

    @Test
    void aTunnelledSynIsAnsweredFromTheVipAndABadOuterChecksumIsRejected() throws Exception {
        checkPrerequisites();
        Path dir = Files.createTempDirectory("lvs4j-decap-lab");
        try {
            namespaces();
            String before = sysctl(server, "arp_ignore") + "/" + sysctl(server, "rp_filter");
            start(dir, "httpd", in(server, "python3", HTTPD.toString(), "--name", "rs1"));
            awaitListening();
            Process decap = start(dir, "decap", in(server, "java", "-jar", JAR.toString(), "decap", "-i", "eth0",
                    "--vip", VIP));
            awaitFile(dir.resolve("decap.err"), "decapsulating IPIP", decap);
            Path pcap = dir.resolve("server-out.pcap");
            Process tcpdump = start(dir, "tcpdump", in(server, "tcpdump", "-i", "eth0", "-n", "-U", "--immediate-mode", "-s", "0",
                    "-Q", "out", "-w", pcap.toString(), "(src host " + VIP + " and tcp src port 80) or icmp"));
            awaitFile(dir.resolve("tcpdump.err"), "listening on", tcpdump);

            String serverMac = Shell.run(5, in(server, "cat", "/sys/class/net/eth0/address")).orFail("MAC").out().strip();
            Path injector = script(dir);
            // The bad frame first: decap handles frames in order, so once the good frame's SYN-ACK
            // is out, the bad one has been dealt with too, however slow this machine is.
            inject(injector, serverMac, BAD_PORT, true);
            inject(injector, serverMac, GOOD_PORT, false);
            Shell.await(60_000, () -> synAcksTo(readWhileWritten(pcap), GOOD_PORT) > 0);
            awaitQuiet(pcap);
            stop(tcpdump);
            String summary = stop(decap) ? Files.readString(dir.resolve("decap.out")) : "decap did not stop";
            List<byte[]> out = Capture.read(pcap);

            assertAll("decap in the server namespace",
                    () -> assertEquals(1, synAcksTo(out, GOOD_PORT), "SYN-ACKs from " + VIP + ":80 for the good frame"),
                    () -> assertEquals(0, synAcksTo(out, BAD_PORT), "answers to the frame with a bad outer checksum"),
                    () -> assertEquals(0, icmp(out), "ICMP from the server (protocol 4 unreachable must be silenced)"),
                    () -> assertEquals(1, counter(summary, "decapsulated (\\d+) packets"), summary),
                    () -> assertEquals(1, counter(summary, "bad outer checksum (\\d+)"), summary),
                    () -> assertEquals(1, counter(summary, "rejected (\\d+)"), summary),
                    () -> assertFalse(Shell.run(5, in(server, "ip", "link", "show", "lvs4j-tun0")).exit() == 0,
                            "lvs4j-tun0 must be gone after exit"),
                    () -> assertEquals(before, sysctl(server, "arp_ignore") + "/" + sysctl(server, "rp_filter"),
                            "arp_ignore/rp_filter restored"));
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Shell.run(30, "ip", "netns", "del", sender);
            Shell.run(30, "ip", "netns", "del", server);
        }
    }

    private void namespaces() {
        run("ip", "netns", "add", sender);
        run("ip", "netns", "add", server);
        run("ip", "link", "add", prefix + "a", "type", "veth", "peer", "name", prefix + "b");
        run("ip", "link", "set", prefix + "a", "netns", sender, "name", "eth0");
        run("ip", "link", "set", prefix + "b", "netns", server, "name", "eth0");
        run("ip", "-n", sender, "addr", "add", SENDER_IP + "/24", "dev", "eth0");
        run("ip", "-n", server, "addr", "add", SERVER_IP + "/24", "dev", "eth0");
        for (String ns : List.of(sender, server)) {
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "-n", ns, "link", "set", "eth0", "up");
            // Hand-built frames carry full checksums anyway; this keeps the kernel's replies whole too.
            run("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off", "gro", "off");
        }
    }

    private void inject(Path injector, String mac, int sport, boolean badChecksum) {
        List<String> c = new ArrayList<>(in(sender, "python3", injector.toString(), "eth0", mac, SENDER_IP, SERVER_IP,
                VIP, "80", Integer.toString(sport)));
        if (badChecksum) {
            c.add("--bad-outer-checksum");
        }
        Shell.run(10, c).orFail("inject IPIP SYN");
    }

    private void awaitListening() {
        List<String> probe = in(server, "python3", "-c",
                "import socket; socket.create_connection(('127.0.0.1', 80), 1).close()");
        if (!Shell.await(60_000, () -> Shell.run(30, probe).exit() == 0)) {
            fail("rs-httpd.py did not listen on port 80");
        }
    }

    private Process start(Path dir, String name, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        processes.add(p);
        return p;
    }

    /** SIGTERM, as an operator's Ctrl-C; true when it ended in time. */
    private static boolean stop(Process p) throws InterruptedException {
        p.destroy();
        return p.waitFor(15, TimeUnit.SECONDS);
    }

    private static void awaitFile(Path file, String text, Process p) throws IOException {
        boolean ok = Shell.await(60_000, () -> !p.isAlive() || read(file).contains(text));
        if (!ok || !p.isAlive()) {
            fail("expected '" + text + "' in " + file.getFileName() + ": " + read(file));
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path script(Path dir) throws IOException {
        Path p = dir.resolve("ipip-syn.py");
        try (InputStream in = DecapLabIT.class.getResourceAsStream("/lab/ipip-syn.py")) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    /**
     * Distinct SYN-ACKs to {@code port}, by sequence number: the server's TCP retransmits its
     * SYN-ACK after a second without an ACK (the injector never answers), the same SYN-ACK again.
     */
    private static long synAcksTo(List<byte[]> frames, int port) {
        return frames.stream().filter(f -> ip(f, 9) == 6).filter(f -> {
            int l4 = 14 + (f[14] & 0x0f) * 4;
            int dport = (f[l4 + 2] & 0xff) << 8 | (f[l4 + 3] & 0xff);
            return dport == port && (f[l4 + 13] & 0x12) == 0x12;
        }).map(f -> {
            int l4 = 14 + (f[14] & 0x0f) * 4;
            return java.nio.ByteBuffer.wrap(f, l4 + 4, 4).getInt();
        }).distinct().count();
    }

    private static List<byte[]> readWhileWritten(Path pcap) {
        try {
            return Capture.read(pcap);
        } catch (IOException e) {
            return List.of(); // not even the file header yet
        }
    }

    /** Until tcpdump's file (flushed frame by frame) has not grown for a second, at most 60 s. */
    private static void awaitQuiet(Path pcap) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        long size = -1;
        long since = 0;
        while (System.currentTimeMillis() < end) {
            long now = pcap.toFile().length();
            if (now != size) {
                size = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since >= 1_000) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static long icmp(List<byte[]> frames) {
        return frames.stream().filter(f -> ip(f, 9) == 1).count();
    }

    private static int ip(byte[] frame, int field) {
        return frame.length > 34 && frame[12] == 0x08 && frame[13] == 0x00 ? frame[14 + field] & 0xff : -1;
    }

    private static long counter(String summary, String regex) {
        Matcher m = Pattern.compile(regex).matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String sysctl(String ns, String key) {
        return Shell.run(5, in(ns, "cat", "/proc/sys/net/ipv4/conf/all/" + key)).orFail("read " + key).out().strip();
    }

    private static List<String> in(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        return c;
    }

    private static void run(String... command) {
        Shell.run(20, command).orFail(String.join(" ", command));
    }

    private static void checkPrerequisites() {
        Lab.requirePrerequisites("decap lab", List.of("ip", "tcpdump", "python3", "ethtool"),
                List.of(Path.of("/dev/net/tun")));
    }
}
