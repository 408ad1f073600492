package io.lvs4j.forwarder;

import static io.lvs4j.forwarder.DirectorTest.CLIENT_MAC;
import static io.lvs4j.forwarder.DirectorTest.OUR_IP;
import static io.lvs4j.forwarder.DirectorTest.OUR_MAC;
import static io.lvs4j.forwarder.DirectorTest.RS1;
import static io.lvs4j.forwarder.DirectorTest.RS1_MAC;
import static io.lvs4j.forwarder.DirectorTest.VIP;
import static io.lvs4j.forwarder.DirectorTest.bigTcpFrame;
import static io.lvs4j.forwarder.DirectorTest.tcpFrame;
import static io.lvs4j.forwarder.DirectorTest.withIpChecksum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict validation: every rule drops its frame into its own counter and transmits nothing. */
class DirectorValidationTest {
    final List<byte[]> sent = new ArrayList<>();
    Director director;

    @BeforeEach
    void setUp() {
        ServiceTable services = new ServiceTable();
        VirtualService tcp = new VirtualService(Protocol.TCP, VIP, 80,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(tcp);
        tcp.addServer(RS1, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        VirtualService udp = new VirtualService(Protocol.UDP, VIP, 53,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(udp);
        udp.addServer(RS1, 53, ForwardingMethod.ROUTE, 1, 0, 0);
        director = new Director(new Nic("eth0", OUR_MAC, OUR_IP, 24, 1500, 0), (f, n) -> sent.add(Arrays.copyOf(f, n)),
                services, new ConnectionTable(1024, new Timeouts()), true, false, OUR_IP);
        director.servicesChanged(0, true);
        director.seedNeighbour(RS1, RS1_MAC);
        sent.clear();
    }

    /** Receives the frame and asserts that exactly {@code counter} went up by one and nothing was sent. */
    private void assertDropped(byte[] frame, ToLongFunction<DirectorCounters> counter) {
        long before = counter.applyAsLong(director.counters());
        long forwarded = director.counters().forwardedRoute;
        director.receive(frame, frame.length, 1000);
        assertEquals(before + 1, counter.applyAsLong(director.counters()), "the rule's counter");
        assertEquals(forwarded, director.counters().forwardedRoute, "not forwarded");
        assertEquals(List.of(), sent, "nothing transmitted");
    }

    /** A UDP datagram from the client to VIP:53 with {@code payload} bytes and the given length field. */
    static byte[] udpFrame(int payload, int udpLength) {
        int total = 20 + 8 + payload;
        String hex = "020000000010" + "020000000020" + "0800"
                + "4500" + String.format("%04x", total) + "1c460000" + "4011" + "0000" + "0a000014" + "0a000064"
                + "9c40" + "0035" + String.format("%04x", udpLength) + "0000" + "00".repeat(payload);
        return withIpChecksum(HexFormat.of().parseHex(hex));
    }

    @Test
    void validFramesOfEveryKindAreForwarded() {
        byte[] syn = tcpFrame(40000, 0x02);
        director.receive(syn, syn.length, 1000);
        byte[] udp = udpFrame(4, 12);
        director.receive(udp, udp.length, 1000);
        byte[] full = bigTcpFrame(40001, 0x02, 1500, true);
        director.receive(full.clone(), full.length, 1000);
        assertEquals(3, director.counters().forwardedRoute);
        assertEquals(3, sent.size());
        assertEquals(1514, sent.get(2).length, "a 1500-byte packet fits a 1500 MTU");
        assertEquals(0, director.counters().validation.routeFragments);
    }

    @Test
    void aBadHeaderChecksumIsDropped() {
        byte[] f = tcpFrame(40000, 0x02);
        f[25] ^= 1;
        assertDropped(f, c -> c.validation.badIpChecksum);
    }

    @Test
    void ttlZeroIsDropped() {
        byte[] f = tcpFrame(40000, 0x02);
        f[22] = 0;
        assertDropped(withIpChecksum(f), c -> c.validation.ttlZero);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "127.0.0.1", "224.0.0.1", "239.255.255.255", "240.0.0.1",
            "255.255.255.255", "10.0.0.100"})
    void aMartianSourceIsDropped(String source) {
        byte[] f = tcpFrame(40000, 0x02);
        Ipv4Address.write(f, 26, Ipv4Address.parse(source));
        assertDropped(withIpChecksum(f), c -> c.validation.martianSource);
    }

    @Test
    void aTcpDataOffsetBeyondThePacketIsDropped() {
        byte[] f = tcpFrame(40000, 0x02);
        f[46] = 0x60; // 24-byte header in a 20-byte segment
        assertDropped(f, c -> c.validation.tcpOffsetBeyondPacket);
    }

    @Test
    void aUdpLengthLongerThanThePacketIsDropped() {
        assertDropped(udpFrame(4, 13), c -> c.validation.udpBadLength);
    }

    @Test
    void aUdpLengthShorterThanItsHeaderIsDropped() {
        assertDropped(udpFrame(4, 7), c -> c.validation.udpBadLength);
    }

    @ParameterizedTest
    @ValueSource(ints = {1501, 1508, 9000})
    void aTooBigPacketWithDontFragmentGetsIcmpFromTheVipAndIsNotSent(int totalLength) {
        byte[] big = bigTcpFrame(40000, 0x02, totalLength, true);
        director.receive(big.clone(), big.length, 1000);
        assertEquals(1, sent.size(), "only the ICMP error");
        byte[] icmp = sent.get(0);
        assertEquals(CLIENT_MAC, MacAddress.read(icmp, 0), "back to the client");
        assertEquals(VIP, Ipv4Address.read(icmp, 26), "from the VIP the client talked to");
        assertEquals("0304", HexFormat.of().formatHex(icmp, 34, 36), "fragmentation needed");
        assertEquals(1500, ((icmp[40] & 0xff) << 8) | (icmp[41] & 0xff), "next-hop MTU: ours");
        assertEquals(1, director.counters().icmpFragmentationNeeded);
        assertEquals(0, director.counters().forwardedRoute);
    }

    @Test
    void aTooBigPacketWithoutDontFragmentIsSentInFragmentsThatFitTheMtu() {
        byte[] big = bigTcpFrame(40000, 0x02, 1508, false);
        director.receive(big.clone(), big.length, 1000);
        assertEquals(2, sent.size());
        byte[] first = sent.get(0);
        byte[] second = sent.get(1);
        assertEquals(1514, first.length, "the first fragment fills the MTU");
        assertEquals(0x20, first[20] & 0xe0, "first fragment has MF");
        assertEquals(1480 / 8, ((second[20] & 0x1f) << 8) | (second[21] & 0xff), "second starts at 1480");
        byte[] payload = new byte[1488];
        System.arraycopy(first, 34, payload, 0, 1480);
        System.arraycopy(second, 34, payload, 1480, second.length - 34);
        assertArrayEquals(Arrays.copyOfRange(big, 34, big.length), payload, "the fragments carry the whole payload");
        for (byte[] f : sent) {
            assertEquals(RS1_MAC, MacAddress.read(f, 0));
        }
        assertEquals(2, director.counters().validation.routeFragments);
        assertEquals(1, director.counters().forwardedRoute);
    }

    @Test
    void aTooBigPacketWithOptionsAndWithoutDontFragmentIsDropped() {
        byte[] small = tcpFrame(40000, 0x02);
        byte[] f = new byte[14 + 1504];
        System.arraycopy(small, 0, f, 0, 34);
        f[14] = 0x46; // IHL 6: one word of options (NOPs + end)
        f[16] = (byte) (1504 >> 8);
        f[17] = (byte) 1504;
        f[20] = 0;
        f[34] = 1;
        System.arraycopy(small, 34, f, 38, 20);
        assertDropped(withIpChecksum(f), c -> c.validation.tooBigWithOptions);
    }

    @Test
    void vlanTaggedFramesMayBeFourBytesLonger() {
        byte[] fits = vlanTagged(bigTcpFrame(40000, 0x02, 1500, true));
        director.receive(fits.clone(), fits.length, 1000);
        assertEquals(1, director.counters().forwardedRoute);
        assertEquals(1518, sent.get(0).length);
        sent.clear();
        byte[] tooBig = vlanTagged(bigTcpFrame(40001, 0x02, 1501, true));
        director.receive(tooBig.clone(), tooBig.length, 1000);
        assertEquals(1, director.counters().forwardedRoute, "not forwarded");
        assertEquals(1, director.counters().icmpFragmentationNeeded);
    }

    @Test
    void bytesPastTheIpPacketAreNotSentWhenTheyWouldExceedTheMtu() {
        byte[] f = Arrays.copyOf(bigTcpFrame(40000, 0x02, 1500, true), 1520);
        director.receive(f.clone(), f.length, 1000);
        assertEquals(1, director.counters().forwardedRoute);
        assertEquals(1514, sent.get(0).length);
    }

    private static byte[] vlanTagged(byte[] untagged) {
        byte[] f = new byte[untagged.length + 4];
        System.arraycopy(untagged, 0, f, 0, 12);
        f[12] = (byte) 0x81;
        f[15] = 5;
        System.arraycopy(untagged, 12, f, 16, untagged.length - 12);
        return f;
    }
}
