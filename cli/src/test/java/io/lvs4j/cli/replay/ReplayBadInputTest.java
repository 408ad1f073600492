package io.lvs4j.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.cli.replay.Replayer.Result;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input stops a replay before or while reading, with exit code 2 and exactly one line on
 * stderr naming the file or the value, nothing on stdout, and no OUT.pcap (an existing one is
 * left as it was).
 */
class ReplayBadInputTest {
    @TempDir
    Path dir;
    Path good;
    Path rules;
    Path out;

    @BeforeEach
    void setUp() throws Exception {
        good = new Traffic().at(0).handshake("192.168.0.1", 40001).write(dir.resolve("good.pcap"));
        rules = dir.resolve("rules");
        Files.writeString(rules, Replayer.rules("-s rr", Replayer.RS1, 1));
        out = dir.resolve("out.pcap");
    }

    /** Runs `run ARGS`, checks the failure's shape and returns the message after "lvs4j run: ". */
    private String refused(String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(Arrays.asList(args));
        Result r = Replayer.cli(all.toArray(new String[0]));
        assertEquals(2, r.exit(), "exit code; stderr: " + r.err());
        assertEquals("", r.out(), "stdout");
        assertTrue(r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1,
                "exactly one line: " + r.err());
        assertTrue(r.err().startsWith("lvs4j run: "), r.err());
        assertFalse(Files.exists(out), "no OUT.pcap after a failure");
        return r.err().substring("lvs4j run: ".length(), r.err().length() - 1);
    }

    private String replay(Path in, String... more) {
        List<String> args = new ArrayList<>(List.of("--read", in.toString(), "--write", out.toString(), "-f",
                rules.toString()));
        args.addAll(Arrays.asList(more));
        return refused(args.toArray(new String[0]));
    }

    @Test
    void missingOrUnreadableCaptureFile() {
        Path missing = dir.resolve("nosuch.pcap");
        assertEquals("cannot read capture file " + missing + ": no such file", replay(missing));
        assertTrue(replay(dir).startsWith("cannot read capture file " + dir + ": "));
    }

    @Test
    void truncatedCaptureFileLeavesAnExistingOutputAlone() throws Exception {
        byte[] whole = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10)); // the ACK's record lost its last 10 bytes
        assertEquals(cut + ": truncated: record 2 at byte 94 needs 54 bytes of frame data, only 44 left",
                replay(cut));
        Files.writeString(out, "an earlier result");
        List<String> args = List.of("run", "--read", cut.toString(), "--write", out.toString(), "-f", rules.toString());
        Result r = Replayer.cli(args.toArray(new String[0]));
        assertEquals(2, r.exit());
        assertEquals("an earlier result", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "temporary file left");
        }
    }

    @Test
    void notAClassicEthernetPcap() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "these are my notes about the director, not a capture");
        assertEquals(text + ": not a pcap file (magic number 0x74686573)", replay(text));

        Path shortFile = dir.resolve("short.pcap");
        Files.write(shortFile, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
        assertEquals(shortFile + ": not a pcap file (6 bytes, shorter than the 24-byte pcap file header)",
                replay(shortFile));

        Path ng = dir.resolve("ng.pcapng");
        Files.write(ng, java.util.HexFormat.of().parseHex("0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000"));
        assertEquals(ng + ": a pcapng file; lvs4j reads classic pcap: convert it with `editcap -F pcap " + ng
                + " OUT.pcap` or capture with `tcpdump -w` (no --pcapng)", replay(ng));

        Path sll2 = dir.resolve("any.pcap");
        Pcap.write(sll2, List.of(), ByteOrder.LITTLE_ENDIAN, false, 276);
        assertEquals(sll2 + ": link type 276 (LINUX_SLL2, as `tcpdump -i any` writes) is not Ethernet"
                + " (DLT_EN10MB, 1); capture on the director's NIC (tcpdump -i eth0), not on 'any'", replay(sll2));

        Path raw = dir.resolve("raw.pcap");
        Pcap.write(raw, List.of(), ByteOrder.BIG_ENDIAN, true, 101);
        assertEquals(raw + ": link type 101 (RAW, bare IP) is not Ethernet (DLT_EN10MB, 1); capture on the"
                + " director's NIC (tcpdump -i eth0), not on 'any'", replay(raw));
    }

    @Test
    void badNeighMacOrIp() {
        assertEquals("--neigh '10.0.0.11-02:00:00:00:00:11': expected IP=MAC, e.g. 10.0.0.11=52:54:00:00:00:11",
                replay(good, "--neigh", "10.0.0.11-02:00:00:00:00:11"));
        String m = replay(good, "--neigh", "10.0.0.11=02-00-00-00-00-11");
        assertTrue(m.startsWith("--neigh '10.0.0.11=02-00-00-00-00-11': invalid MAC address"), m);
        m = replay(good, "--neigh", "10.0.0.311=02:00:00:00:00:11");
        assertTrue(m.startsWith("--neigh '10.0.0.311=02:00:00:00:00:11': "), m);
        assertTrue(replay(good, "--mac", "02:00:00:00:00").startsWith("--mac: invalid MAC address '02:00:00:00:00'"));
        assertTrue(replay(good, "--ip", "10.0.0").startsWith("--ip: "));
    }

    @Test
    void badMtu() {
        for (String bad : List.of("abc", "67", "65514", "-1", "")) {
            assertEquals("--mtu '" + bad + "': expected the MTU in bytes, 68 to 65513", replay(good, "--mtu", bad));
        }
        assertEquals("--mtu is for offline replay (a NIC has its own MTU); it needs --read IN.pcap",
                refused("-i", "eth0", "--mtu", "1400"));
    }

    @Test
    void optionsThatDoNotGoTogether() {
        assertEquals("-i and --read are mutually exclusive: -i directs a NIC's traffic, --read replays a capture"
                + " file", refused("-i", "eth0", "--read", good.toString(), "--write", out.toString()));
        assertEquals("--read needs --write OUT.pcap (the file for the frames the director sends)",
                refused("--read", good.toString(), "-f", rules.toString()));
        assertEquals("--write, --neigh, --mac and --ip are for offline replay; they need --read IN.pcap",
                refused("-i", "eth0", "--write", out.toString()));
        assertEquals("-i IFACE is required (or --read IN.pcap --write OUT.pcap to replay a capture file)",
                refused("-f", rules.toString()));
        assertEquals("--write " + good + " is the --read file; choose another file",
                refused("--read", good.toString(), "--write", good.toString()));
        assertEquals("--control is for a live director; a replay has no control socket",
                refused("--read", good.toString(), "--write", out.toString(), "--control", "/tmp/x.sock"));
    }

    @Test
    void badRulesAndUnwritableOutput() throws Exception {
        Path bad = dir.resolve("bad.rules");
        Files.writeString(bad, "-A -t 10.0.0.100:80 -s rr\n-a -t 10.0.0.100:80 -r 10.0.0.11:80 -g -w 70000\n");
        assertEquals(bad + ":2: illegal weight specified",
                refused("--read", good.toString(), "--write", out.toString(), "-f", bad.toString()));
        Path tun = dir.resolve("tun.rules");
        Files.writeString(tun, "-A -t 10.0.0.100:80 -s rr\n-a -t 10.0.0.100:80 -r 10.0.0.11:80 -i\n");
        assertEquals("TUN servers need an outer source address: give the director's --ip (or --tun-source IP)",
                refused("--read", good.toString(), "--write", out.toString(), "-f", tun.toString()));
        Path nowhere = dir.resolve("no/such/dir/out.pcap");
        assertEquals("cannot write " + nowhere + ": no such directory",
                refused("--read", good.toString(), "--write", nowhere.toString(), "-f", rules.toString()));
    }
}
