package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.Ipv4Packet;
import io.lvs4j.packet.MacAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real client traffic through the Java director in DR mode, in a one-host namespace lab. */
@Tag("lab")
class DirectRoutingLabIT {
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up();
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String rules(String scheduler, int w1, int w2) {
        return "-A -t " + Lab.VIP + ":80 -s " + scheduler + "\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS1 + ":80 -g -w " + w1 + "\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS2 + ":80 -g -w " + w2 + "\n";
    }

    private static Map<String, Long> tally(List<String> answers) {
        return new TreeMap<>(answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    }

    @Test
    void roundRobinSplitsExactlyAndTheServersSeeTheClientsOwnPackets() throws Exception {
        String vipTcp80 = "dst host " + Lab.VIP + " and tcp dst port 80";
        String syn = vipTcp80 + " and tcp[tcpflags] & tcp-syn != 0";
        try (Capture clientSyns = Capture.start(lab, "client", "out", syn);
             Capture rs1 = Capture.start(lab, "rs1", "in", vipTcp80);
             Capture rs2 = Capture.start(lab, "rs2", "in", vipTcp80);
             Capture directorBad = Capture.start(lab, "director", "out",
                     "icmp or (tcp[tcpflags] & tcp-rst != 0 and not src host " + Lab.CLIENT_IP + ")");
             DirectorProcess director = DirectorProcess.start(lab, rules("rr", 1, 1), 2)) {

            List<String> answers = lab.get(100);
            String summary = director.stop();

            List<byte[]> sent = clientSyns.frames();
            List<byte[]> atRs1 = rs1.frames();
            List<byte[]> atRs2 = rs2.frames();
            List<byte[]> bad = directorBad.frames();
            Map<String, long[]> counters = DirectorProcess.serverCounters(summary);

            assertEquals(Map.of("rs1", 50L, "rs2", 50L), tally(answers), "answers by server");
            assertEquals(0, bad.size(), "RST or ICMP frames that left the director");
            assertForwardedSynsIdentical(sent, atRs1, lab.mac("rs1"), lab.mac("director"));
            assertForwardedSynsIdentical(sent, atRs2, lab.mac("rs2"), lab.mac("director"));
            assertAll("director counters = what the servers received",
                    () -> assertCountersMatch(counters.get(Lab.RS1 + ":80"), atRs1, 50, summary),
                    () -> assertCountersMatch(counters.get(Lab.RS2 + ":80"), atRs2, 50, summary));
        }
    }

    @Test
    void weightedRoundRobinThreeToOneSplitsSeventyFiveTwentyFive() throws Exception {
        try (DirectorProcess director = DirectorProcess.start(lab, rules("wrr", 3, 1), 2)) {
            List<String> answers = lab.get(100);
            director.stop();
            assertEquals(Map.of("rs1", 75L, "rs2", 25L), tally(answers), "answers by server");
        }
    }

    /** Every SYN a server got came from the director to that server's MAC, IP packet untouched. */
    private static void assertForwardedSynsIdentical(List<byte[]> sentByClient, List<byte[]> atServer,
                                                     String serverMac, String directorMac) {
        List<byte[]> clientIp = sentByClient.stream().map(DirectRoutingLabIT::ipBytes).toList();
        EthernetFrame eth = new EthernetFrame();
        Ipv4Packet ip = new Ipv4Packet();
        // distinct SYNs (client port, sequence number): a SYN the client retransmitted counts once
        java.util.Set<Long> syns = new java.util.HashSet<>();
        for (byte[] f : atServer) {
            eth.wrap(f, 0, f.length);
            ip.wrap(f, eth.payloadOffset(), f.length - eth.payloadOffset());
            int flags = f[ip.payloadOffset() + 13] & 0xff;
            if ((flags & 0x02) == 0) {
                continue;
            }
            int tcp = ip.payloadOffset();
            syns.add((long) ((f[tcp] & 0xff) << 8 | (f[tcp + 1] & 0xff)) << 32
                    | (java.nio.ByteBuffer.wrap(f, tcp + 4, 4).getInt() & 0xffffffffL));
            assertEquals(serverMac, MacAddress.toString(eth.destination()), "SYN's destination MAC");
            assertEquals(directorMac, MacAddress.toString(eth.source()), "SYN's source MAC");
            byte[] got = ipBytes(f);
            assertTrue(clientIp.stream().anyMatch(c -> Arrays.equals(c, got)),
                    "SYN at the server is byte-identical to one the client sent");
        }
        assertEquals(50, syns.size(), "SYNs at " + serverMac);
    }

    private static void assertCountersMatch(long[] counter, List<byte[]> received, int conns, String summary) {
        assertNotNull(counter, "server line in the summary:\n" + summary);
        long bytes = received.stream().mapToLong(f -> {
            Ipv4Packet ip = new Ipv4Packet();
            EthernetFrame eth = new EthernetFrame().wrap(f, 0, f.length);
            return ip.wrap(f, eth.payloadOffset(), f.length - eth.payloadOffset()).totalLength();
        }).sum();
        assertArrayEquals(new long[] {conns, received.size(), bytes}, counter,
                "{conns, packets, bytes} the director counted vs the server received");
    }

    private static byte[] ipBytes(byte[] frame) {
        EthernetFrame eth = new EthernetFrame().wrap(frame, 0, frame.length);
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, eth.payloadOffset(), frame.length - eth.payloadOffset());
        return Arrays.copyOfRange(frame, eth.payloadOffset(), eth.payloadOffset() + ip.totalLength());
    }
}
