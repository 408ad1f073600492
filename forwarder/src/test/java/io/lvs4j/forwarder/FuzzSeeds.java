package io.lvs4j.forwarder;

import io.lvs4j.packet.ArpWriter;
import io.lvs4j.packet.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the fuzz tests' seed corpora from the unit tests' frame builders; after changing them run
 * {@code java -cp packet/target/classes:scheduler/target/classes:forwarder/target/classes:forwarder/target/test-classes
 * io.lvs4j.forwarder.FuzzSeeds forwarder/src/test/resources} (README "Robustness").
 */
final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0], "io", "lvs4j", "forwarder");
        Path director = resources.resolve("DirectorFuzzTestInputs").resolve("receive");
        Path capture = resources.resolve("CaptureFileFuzzTestInputs").resolve("read");
        Files.createDirectories(director);
        Files.createDirectories(capture);
        for (Map.Entry<String, List<byte[]>> e : frames().entrySet()) {
            Files.write(director.resolve(e.getKey()), records(e.getValue(), 0));
        }
        byte[] zeroChecksum = DirectorTest.tcpFrame(40000, 0x02);
        zeroChecksum[24] = 0;
        zeroChecksum[25] = 0;
        Files.write(director.resolve("checksum-fixed-by-the-test"),
                records(List.of(zeroChecksum), DirectorFuzzTest.FIX_CHECKSUM));
        Path tmp = Files.createTempFile("seed", ".pcap");
        for (boolean nanos : new boolean[] {false, true}) {
            try (CaptureFileWriter w = CaptureFileWriter.create(tmp, nanos)) {
                int i = 0;
                for (List<byte[]> frames : frames().values()) {
                    for (byte[] f : frames) {
                        w.timestamp(1_700_000_000L + i++, 250);
                        w.send(f, f.length);
                    }
                }
            }
            Files.copy(tmp, capture.resolve(nanos ? "every-seed-nanoseconds" : "every-seed-microseconds"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(tmp);
        byte[] whole = Files.readAllBytes(capture.resolve("every-seed-microseconds"));
        Files.write(capture.resolve("header-only"), Arrays.copyOf(whole, CaptureFileReader.FILE_HEADER_LENGTH));
        Files.write(capture.resolve("one-frame-big-endian"), bigEndian(DirectorTest.tcpFrame(40000, 0x02)));
        Files.write(capture.resolve("pcapng"), java.util.HexFormat.of().parseHex(
                "0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000"));
    }

    /** A classic pcap file written big-endian (as a SPARC or a tcpdump on one would), holding one frame. */
    static byte[] bigEndian(byte[] frame) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 16 + frame.length);
        b.putInt(CaptureFileReader.MAGIC_MICROSECONDS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(CaptureFileReader.LINKTYPE_ETHERNET);
        b.putInt(1_700_000_000).putInt(250).putInt(frame.length).putInt(frame.length).put(frame);
        return b.array();
    }

    /** Named sequences of frames: each kind the director handles, and one frame per validation rule. */
    static Map<String, List<byte[]>> frames() {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        byte[] arp = new byte[42];
        ArpWriter.request(arp, 0, DirectorTest.CLIENT_MAC, DirectorTest.CLIENT, DirectorTest.VIP);
        m.put("arp-request-for-vip", List.of(arp));
        byte[] reply = new byte[42];
        ArpWriter.reply(reply, 0, DirectorTest.RS1_MAC, DirectorTest.RS1, DirectorTest.OUR_MAC, DirectorTest.OUR_IP);
        m.put("arp-reply-from-server", List.of(reply));
        // rr: the first SYN goes to the TUN server (added last), the second to the DR one.
        m.put("handshakes-tun-and-dr", List.of(DirectorTest.tcpFrame(40000, 0x02), DirectorTest.tcpFrame(40001, 0x02),
                DirectorTest.tcpFrame(40000, 0x10), DirectorTest.tcpFrame(40001, 0x10),
                DirectorTest.tcpFrame(40000, 0x11), DirectorTest.tcpFrame(40001, 0x04)));
        m.put("udp", List.of(DirectorValidationTest.udpFrame(4, 12)));
        m.put("too-big-df", List.of(DirectorTest.tcpFrame(40000, 0x02), DirectorTest.tcpFrame(40001, 0x02),
                DirectorTest.bigTcpFrame(40000, 0x10, 1508, true), DirectorTest.bigTcpFrame(40001, 0x10, 1508, true)));
        m.put("too-big-no-df", List.of(DirectorTest.tcpFrame(40000, 0x02), DirectorTest.tcpFrame(40001, 0x02),
                DirectorTest.bigTcpFrame(40000, 0x10, 1508, false), DirectorTest.bigTcpFrame(40001, 0x10, 1508, false)));
        byte[] tagged = DirectorTest.tcpFrame(40002, 0x02);
        byte[] vlan = new byte[tagged.length + 4];
        System.arraycopy(tagged, 0, vlan, 0, 12);
        vlan[12] = (byte) 0x81;
        vlan[15] = 5;
        System.arraycopy(tagged, 12, vlan, 16, tagged.length - 12);
        m.put("vlan-tagged", List.of(vlan));
        byte[] badChecksum = DirectorTest.tcpFrame(40000, 0x02);
        badChecksum[25] ^= 1;
        m.put("bad-checksum", List.of(badChecksum));
        byte[] ttl0 = DirectorTest.tcpFrame(40000, 0x02);
        ttl0[22] = 0;
        m.put("ttl-zero", List.of(DirectorTest.withIpChecksum(ttl0)));
        byte[] martian = DirectorTest.tcpFrame(40000, 0x02);
        Ipv4Address.write(martian, 26, Ipv4Address.parse("127.0.0.1"));
        m.put("martian-source", List.of(DirectorTest.withIpChecksum(martian)));
        byte[] offset = DirectorTest.tcpFrame(40000, 0x02);
        offset[46] = 0x60;
        m.put("tcp-offset-beyond", List.of(offset));
        m.put("udp-length-beyond", List.of(DirectorValidationTest.udpFrame(4, 13)));
        byte[] fragment = DirectorTest.tcpFrame(40000, 0x02);
        fragment[20] = 0x20;
        m.put("fragment", List.of(DirectorTest.withIpChecksum(fragment)));
        m.put("truncated", List.of(Arrays.copyOf(DirectorTest.tcpFrame(40000, 0x02), 40)));
        return m;
    }

    /** The fuzz input format of {@link DirectorFuzzTest}: [flags][length, 2 bytes][frame] per frame. */
    static byte[] records(List<byte[]> frames, int flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.write(flags);
            out.write(f.length >> 8);
            out.write(f.length);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }
}
