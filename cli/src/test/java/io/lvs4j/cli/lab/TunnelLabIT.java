package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.Ipv4Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LVS-TUN through the Java director: IPIP to real servers whose kernel has no ipip module, so
 * `lvs4j decap` is their endpoint (on a kernel with ipip the lab uses tunl0 instead). Each test
 * runs with the default datapath and with AF_XDP, which sends a tunnelled frame from the chunk the
 * client's frame arrived in, its headers written into the headroom before it.
 */
@Tag("lab")
class TunnelLabIT {
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up("--mode", "tun");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    static String tunRules() {
        return "-A -t " + Lab.VIP + ":80 -s rr\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS1 + ":80 -i -w 1\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS2 + ":80 -i -w 1\n";
    }

    @ParameterizedTest(name = "--io {0}")
    @ValueSource(strings = {"auto", "xdp"})
    void roundRobinOverTunnelsSplitsExactlyAndTheInnerPacketIsTheClients(String io) throws Exception {
        String toVip = "dst host " + Lab.VIP + " and tcp dst port 80";
        try (Capture client = Capture.start(lab, "client", "out", toVip);
             Capture rs1 = Capture.start(lab, "rs1", "in", "ip proto 4");
             DirectorProcess director = DirectorProcess.start(lab, tunRules(), 2, "--io", io)) {
            List<String> answers = lab.get(100);
            director.stop();
            List<byte[]> sent = client.frames();
            List<byte[]> tunnelled = rs1.frames();

            Map<String, Long> split = new TreeMap<>(answers.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
            assertEquals(Map.of("rs1", 50L, "rs2", 50L), split, "answers by server");

            List<byte[]> clientIp = sent.stream().map(TunnelLabIT::ipPacket).toList();
            assertTrue(tunnelled.size() >= 150, "IPIP frames at rs1: " + tunnelled.size());
            for (byte[] f : tunnelled) {
                EthernetFrame eth = new EthernetFrame().wrap(f, 0, f.length);
                Ipv4Packet outer = new Ipv4Packet().wrap(f, eth.payloadOffset(), f.length - eth.payloadOffset());
                byte[] inner = Arrays.copyOfRange(f, outer.payloadOffset(), outer.payloadOffset() + outer.payloadLength());
                assertAll("outer header of an IPIP frame at rs1",
                        () -> assertEquals(Lab.DIRECTOR_IP, Ipv4Address.toString(outer.source()), "outer source"),
                        () -> assertEquals(Lab.RS1, Ipv4Address.toString(outer.destination()), "outer destination"),
                        () -> assertEquals(Ipv4Packet.PROTO_IPIP, outer.protocol(), "protocol"),
                        () -> assertTrue(outer.headerChecksumValid(), "outer checksum"),
                        () -> assertTrue(clientIp.stream().anyMatch(c -> Arrays.equals(c, inner)),
                                "inner packet byte-identical to one the client sent: "
                                        + HexFormat.of().formatHex(inner)));
            }
        }
    }

    @ParameterizedTest(name = "--io {0}")
    @ValueSource(strings = {"auto", "xdp"})
    void aOneMebibyteUploadArrivesWholeAfterThePathMtuIsLowered(String io) throws Exception {
        byte[] body = new byte[1 << 20];
        new Random(42).nextBytes(body);
        Path file = Files.createTempFile("lvs4j-upload", ".bin");
        Files.write(file, body);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        // the client's kernel keeps a lowered path MTU for 10 minutes: forget one an earlier run taught it
        lab.exec(5, "client", "ip", "route", "flush", "cache").orFail("ip route flush cache");
        try (DirectorProcess director = DirectorProcess.start(lab, tunRules(), 2, "--io", io)) {
            String answer = lab.exec(60, "client", "curl", "-s", "-m", "50", "-H", "Expect:",
                    "-H", "Content-Type: application/octet-stream", "--data-binary", "@" + file,
                    "http://" + Lab.VIP + "/").orFail("upload").out().strip();
            String summary = director.stop();
            assertTrue(answer.matches("rs[12] sha256=" + digest + " bytes=1048576"),
                    "the real server got the whole body: " + answer);
            Matcher icmp = Pattern.compile("icmp fragmentation-needed sent (\\d+)").matcher(summary);
            assertTrue(icmp.find() && Long.parseLong(icmp.group(1)) > 0,
                    "the director told the client its path MTU:\n" + summary);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] ipPacket(byte[] frame) {
        EthernetFrame eth = new EthernetFrame().wrap(frame, 0, frame.length);
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, eth.payloadOffset(), frame.length - eth.payloadOffset());
        return Arrays.copyOfRange(frame, eth.payloadOffset(), eth.payloadOffset() + ip.totalLength());
    }
}
