package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lvs4j.packet.ArpPacket;
import io.lvs4j.packet.ArpWriter;
import io.lvs4j.packet.Checksum;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packet's way through the director on crafted frames, without a NIC. */
class DirectorTest {
    static final long OUR_MAC = MacAddress.parse("02:00:00:00:00:10");
    static final long CLIENT_MAC = MacAddress.parse("02:00:00:00:00:20");
    static final long RS1_MAC = MacAddress.parse("02:00:00:00:00:11");
    static final long RS2_MAC = MacAddress.parse("02:00:00:00:00:12");
    static final int OUR_IP = Ipv4Address.parse("10.0.0.10");
    static final int CLIENT = Ipv4Address.parse("10.0.0.20");
    static final int RS1 = Ipv4Address.parse("10.0.0.11");
    static final int RS2 = Ipv4Address.parse("10.0.0.12");
    static final int VIP = Ipv4Address.parse("10.0.0.100");

    final List<byte[]> sent = new ArrayList<>();
    Director director;

    @BeforeEach
    void setUp() {
        ServiceTable services = new ServiceTable();
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(svc);
        svc.addServer(RS1, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        svc.addServer(RS2, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        Nic nic = new Nic("eth0", OUR_MAC, OUR_IP, 24, 1500, 0);
        director = new Director(nic, (f, n) -> sent.add(Arrays.copyOf(f, n)), services,
                new ConnectionTable(1024, new Timeouts()), true, false, OUR_IP);
        director.servicesChanged(0, true);
    }

    /** A TCP segment from the client to VIP:80, Ethernet to the director; hand-assembled. */
    static byte[] tcpFrame(int sport, int flags) {
        String hex = "020000000010" + "020000000020" + "0800"
                + "45000028" + "1c460000" + "4006" + "0000" + "0a000014" + "0a000064"
                + String.format("%04x", sport) + "0050" + "00000001" + "00000000"
                + "50" + String.format("%02x", flags) + "7210" + "0000" + "0000";
        return withIpChecksum(HexFormat.of().parseHex(hex));
    }

    /** Recomputes the IPv4 header checksum of an untagged frame after a test edited the header. */
    static byte[] withIpChecksum(byte[] f) {
        int hl = (f[14] & 0x0f) * 4;
        f[24] = 0;
        f[25] = 0;
        int sum = Checksum.compute(f, 14, hl);
        f[24] = (byte) (sum >> 8);
        f[25] = (byte) sum;
        return f;
    }

    @Test
    void announcesTheVipAndAsksForTheRealServersAtStart() {
        ArpPacket arp = new ArpPacket();
        List<String> seen = new ArrayList<>();
        for (byte[] f : sent) {
            arp.wrap(f, 14, f.length - 14);
            seen.add(arp.operation() + " " + Ipv4Address.toString(arp.senderIp()) + ">"
                    + Ipv4Address.toString(arp.targetIp()));
        }
        assertEquals(List.of("1 10.0.0.100>10.0.0.100", "1 10.0.0.10>10.0.0.12", "1 10.0.0.10>10.0.0.11"), seen);
    }

    @Test
    void answersArpForTheVipOnly() {
        sent.clear();
        byte[] buf = new byte[64];
        int n = ArpWriter.request(buf, 0, CLIENT_MAC, CLIENT, VIP);
        director.receive(buf, n, 10);
        n = ArpWriter.request(buf, 0, CLIENT_MAC, CLIENT, RS1);
        director.receive(buf, n, 20);
        assertEquals(1, sent.size());
        byte[] expected = new byte[42];
        ArpWriter.reply(expected, 0, OUR_MAC, VIP, CLIENT_MAC, CLIENT);
        assertArrayEquals(expected, sent.get(0));
        assertEquals(1, director.counters().arpAnswered);
    }

    @Test
    void forwardsByRewritingOnlyTheMacsInRoundRobinOrder() {
        learn(RS1, RS1_MAC);
        learn(RS2, RS2_MAC);
        sent.clear();
        byte[] a = tcpFrame(40000, 0x02);
        byte[] b = tcpFrame(40001, 0x02);
        byte[] aAck = tcpFrame(40000, 0x10);
        director.receive(a.clone(), a.length, 1000);
        director.receive(b.clone(), b.length, 1001);
        director.receive(aAck.clone(), aAck.length, 1002);
        assertEquals(3, sent.size());
        // rs2 was added last, so it heads the list and rr starts there.
        assertEquals(RS2_MAC, MacAddress.read(sent.get(0), 0));
        assertEquals(RS1_MAC, MacAddress.read(sent.get(1), 0));
        assertEquals(RS2_MAC, MacAddress.read(sent.get(2), 0), "the ACK follows its connection");
        for (byte[] f : sent) {
            assertEquals(OUR_MAC, MacAddress.read(f, 6));
        }
        assertArrayEquals(Arrays.copyOfRange(a, 12, a.length), Arrays.copyOfRange(sent.get(0), 12, a.length));
        assertEquals(3, director.counters().forwardedRoute);
    }

    @Test
    void aServerWithoutMacGetsNoNewConnections() {
        learn(RS1, RS1_MAC);
        sent.clear();
        for (int i = 0; i < 4; i++) {
            byte[] f = tcpFrame(41000 + i, 0x02);
            director.receive(f, f.length, 1000 + i);
        }
        List<byte[]> forwarded = sent.stream().filter(f -> f[12] == 0x08 && f[13] == 0x00).toList();
        assertEquals(4, forwarded.size());
        forwarded.forEach(f -> assertEquals(RS1_MAC, MacAddress.read(f, 0)));
        assertEquals(1, director.unresolvedNeighbours());
    }

    @Test
    void dropsAndCountsWhatItMustNotForward() {
        learn(RS1, RS1_MAC);
        learn(RS2, RS2_MAC);
        sent.clear();
        byte[] own = tcpFrame(42000, 0x02);
        MacAddress.write(own, 6, OUR_MAC);
        director.receive(own, own.length, 1);
        byte[] ackWithoutConnection = tcpFrame(42001, 0x10);
        director.receive(ackWithoutConnection, ackWithoutConnection.length, 2);
        byte[] otherPort = tcpFrame(42002, 0x02);
        otherPort[37] = 81;
        director.receive(otherPort, otherPort.length, 3);
        for (int len = 0; len < 54; len++) {
            director.receive(Arrays.copyOf(tcpFrame(42003, 0x02), len), len, 4);
        }
        assertEquals(0, sent.stream().filter(f -> f[12] == 0x08 && f[13] == 0x00).count(), "nothing forwarded");
        DirectorCounters c = director.counters();
        assertEquals(1, c.ownFrames);
        assertEquals(1, c.noDestination);
        assertEquals(1, c.noService);
        assertEquals(54, c.malformed);
    }

    /** A client packet of {@code totalLength} bytes to VIP:80 from port {@code sport}, optionally with DF. */
    static byte[] bigTcpFrame(int sport, int flags, int totalLength, boolean df) {
        byte[] f = Arrays.copyOf(tcpFrame(sport, flags), 14 + totalLength);
        f[16] = (byte) (totalLength >> 8);
        f[17] = (byte) totalLength;
        f[20] = (byte) (df ? 0x40 : 0);
        return withIpChecksum(f);
    }

    private Director tunnelDirector() {
        ServiceTable services = new ServiceTable();
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(svc);
        svc.addServer(RS1, 80, ForwardingMethod.TUNNEL, 1, 0, 0);
        Director d = new Director(new Nic("eth0", OUR_MAC, OUR_IP, 24, 1500, 0), (f, n) -> sent.add(Arrays.copyOf(f, n)),
                services, new ConnectionTable(1024, new Timeouts()), true, false, OUR_IP);
        d.servicesChanged(0, true);
        byte[] buf = new byte[64];
        d.receive(buf, ArpWriter.reply(buf, 0, RS1_MAC, RS1, OUR_MAC, OUR_IP), 0);
        sent.clear();
        return d;
    }

    @Test
    void tunnelsTheClientsPacketUntouchedInsideIpip() {
        Director d = tunnelDirector();
        byte[] syn = tcpFrame(43000, 0x02);
        d.receive(syn.clone(), syn.length, 1000);
        assertEquals(1, sent.size());
        byte[] f = sent.get(0);
        String outer = HexFormat.of().formatHex(f, 0, 34);
        // dst MAC rs1, src MAC ours, IPv4; outer: 45 00, length 60, id 1, no DF, TTL 64, proto 4, checksum,
        // 10.0.0.10 > 10.0.0.11. Checksum by hand: 4500+003c+0001+0000+4004+0a00+000a+0a00+000b = 9956, ~ = 66a9.
        assertEquals("020000000011" + "020000000010" + "0800" + "4500003c00010000" + "4004" + "66a9"
                + "0a00000a" + "0a00000b", outer);
        assertArrayEquals(Arrays.copyOfRange(syn, 14, syn.length), Arrays.copyOfRange(f, 34, f.length));
        assertEquals(1, d.counters().forwardedTunnel);
    }

    @Test
    void aFullSizeSegmentWithDontFragmentGetsIcmpFragmentationNeeded() {
        Director d = tunnelDirector();
        byte[] syn = tcpFrame(43001, 0x02);
        d.receive(syn.clone(), syn.length, 1000);
        sent.clear();
        byte[] big = bigTcpFrame(43001, 0x10, 1500, true);
        d.receive(big.clone(), big.length, 1001);
        assertEquals(1, sent.size());
        byte[] icmp = sent.get(0);
        assertEquals(CLIENT_MAC, MacAddress.read(icmp, 0), "back to the client's MAC");
        assertEquals(1, icmp[23], "protocol ICMP");
        assertEquals(OUR_IP, io.lvs4j.packet.Ipv4Address.read(icmp, 26), "from the director");
        assertEquals(CLIENT, io.lvs4j.packet.Ipv4Address.read(icmp, 30), "to the client");
        assertEquals("0304", HexFormat.of().formatHex(icmp, 34, 36), "type 3 code 4");
        assertEquals(1480, ((icmp[40] & 0xff) << 8) | (icmp[41] & 0xff), "next-hop MTU = 1500 - 20");
        assertArrayEquals(Arrays.copyOfRange(big, 14, 14 + 28), Arrays.copyOfRange(icmp, 42, 42 + 28),
                "quotes the client's IP header and 8 bytes");
        assertEquals(1, d.counters().icmpFragmentationNeeded);
    }

    @Test
    void aTooBigPacketWithoutDontFragmentIsSentInOuterFragments() {
        Director d = tunnelDirector();
        byte[] syn = tcpFrame(43002, 0x02);
        d.receive(syn.clone(), syn.length, 1000);
        sent.clear();
        byte[] big = bigTcpFrame(43002, 0x10, 1500, false);
        d.receive(big.clone(), big.length, 1001);
        assertEquals(2, sent.size());
        byte[] first = sent.get(0);
        byte[] second = sent.get(1);
        assertEquals(0x20, first[20] & 0xe0, "first fragment has MF");
        assertEquals(1480 / 8, ((second[20] & 0x1f) << 8) | (second[21] & 0xff), "second starts at 1480");
        byte[] inner = new byte[1500];
        System.arraycopy(first, 34, inner, 0, first.length - 34);
        System.arraycopy(second, 34, inner, first.length - 34, second.length - 34);
        assertArrayEquals(Arrays.copyOfRange(big, 14, big.length), inner, "the fragments carry the whole inner packet");
        assertEquals(2, d.counters().tunnelFragments);
    }

    @Test
    void aPacketOfAKnownFlowAllocatesNothing() {
        learn(RS1, RS1_MAC);
        learn(RS2, RS2_MAC);
        byte[] syn = tcpFrame(44000, 0x02);
        byte[] ack = tcpFrame(44000, 0x10);
        director.receive(syn, syn.length, 1000);
        sent.clear();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // The same tables behind a sink that keeps nothing, so only the datapath can allocate.
        Director d = new Director(new Nic("eth0", OUR_MAC, OUR_IP, 24, 1500, 0), (f, n) -> true,
                director.services(), director.connections(), true, false, OUR_IP);
        d.servicesChanged(1000, false);
        byte[] buf = new byte[64];
        d.receive(buf, ArpWriter.reply(buf, 0, RS1_MAC, RS1, OUR_MAC, OUR_IP), 1000);
        d.receive(buf, ArpWriter.reply(buf, 0, RS2_MAC, RS2, OUR_MAC, OUR_IP), 1000);
        byte[] frame = new byte[ack.length];
        for (int i = 0; i < 20_000; i++) { // warm up: let the JIT compile the path
            System.arraycopy(ack, 0, frame, 0, ack.length); // DR rewrote the MACs in place
            d.receive(frame, frame.length, 1000 + i / 100);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            System.arraycopy(ack, 0, frame, 0, ack.length);
            d.receive(frame, frame.length, 1200 + i / 100);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(100_000 + 20_000, d.counters().forwardedRoute, "all forwarded");
        org.junit.jupiter.api.Assertions.assertTrue(allocated < 10_000,
                "bytes allocated for 100 000 packets of a known flow: " + allocated);
    }

    private void learn(int ip, long mac) {
        byte[] buf = new byte[64];
        int n = ArpWriter.reply(buf, 0, mac, ip, OUR_MAC, OUR_IP);
        director.receive(buf, n, 0);
    }
}
