package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.forwarder.Decapsulator.Outcome;
import io.lvs4j.packet.Checksum;
import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.IpipEncapsulation;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.Ipv4Packet;
import io.lvs4j.packet.MacAddress;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decapsulator's checks on crafted frames: every frame gets one counted outcome, none throws. */
class DecapsulatorTest {
    static final long SERVER_MAC = MacAddress.parse("02:00:00:00:00:11");
    static final long DIRECTOR_MAC = MacAddress.parse("02:00:00:00:00:10");
    static final int DIRECTOR = Ipv4Address.parse("10.0.0.10");
    static final int SERVER = Ipv4Address.parse("10.0.0.11");
    static final int SERVER_2ND = Ipv4Address.parse("192.168.5.11");
    static final int CLIENT = Ipv4Address.parse("10.0.0.20");
    static final int VIP = Ipv4Address.parse("10.0.0.100");
    static final int VIP2 = Ipv4Address.parse("10.0.0.101");
    /** Where the outer IPv4 header starts in a frame, and its fields. */
    static final int OUTER = EthernetFrame.HEADER_LENGTH;
    static final int INNER = IpipEncapsulation.FRAME_OVERHEAD;

    final List<byte[]> written = new ArrayList<>();
    final PacketSink sink = (buf, off, len) -> written.add(Arrays.copyOfRange(buf, off, off + len));
    final Decapsulator decap = new Decapsulator(new int[] {SERVER, SERVER_2ND}, new int[] {VIP, VIP2}, sink);

    /** A client's TCP SYN to dst:80 (DF set, as Linux sends it); the TCP checksum is irrelevant here. */
    static byte[] syn(int dst) {
        byte[] p = new byte[40];
        Ipv4Packet.writeHeader(p, 0, 0x10, 40, 0x1234, Ipv4Packet.FLAG_DF, 64, Ipv4Packet.PROTO_TCP, CLIENT, dst);
        put16(p, 20, 40000);
        put16(p, 22, 80);
        put32(p, 24, 0x01020304);
        p[32] = 0x50; // data offset 5
        p[33] = 0x02; // SYN
        put16(p, 34, 64240);
        return p;
    }

    static byte[] tunnelled(byte[] inner, int outerDst) {
        byte[] f = new byte[IpipEncapsulation.FRAME_OVERHEAD + inner.length];
        int n = IpipEncapsulation.encapsulate(inner, 0, inner.length, f, 0, SERVER_MAC, DIRECTOR_MAC, DIRECTOR,
                outerDst, 7);
        assertEquals(f.length, n);
        return f;
    }

    static byte[] good() {
        return tunnelled(syn(VIP), SERVER);
    }

    /** Recomputes the outer header checksum after a test edited a field, so only that field is wrong. */
    static byte[] reChecksummed(byte[] f) {
        put16(f, OUTER + 10, 0);
        put16(f, OUTER + 10, Checksum.compute(f, OUTER, 20));
        return f;
    }

    void assertRejected(Outcome expected, byte[] frame) {
        assertEquals(expected, decap.handle(frame, frame.length));
        assertEquals(1, decap.count(expected));
        assertEquals(1, decap.rejected());
        assertEquals(0, decap.count(Outcome.DECAPSULATED));
        assertTrue(written.isEmpty(), "nothing may reach the TUN device");
    }

    @Test
    void aGoodFrameGivesTheInnerPacketByteForByte() {
        byte[] inner = syn(VIP);
        assertEquals(Outcome.DECAPSULATED, decap.handle(tunnelled(inner, SERVER), INNER + inner.length));
        assertEquals(1, written.size());
        assertArrayEquals(inner, written.get(0));
        assertEquals(1, decap.count(Outcome.DECAPSULATED));
        assertEquals(40, decap.decapsulatedBytes());
        assertEquals(0, decap.rejected());
    }

    @Test
    void everyOwnAddressAndEveryVipIsAccepted() {
        byte[] inner = syn(VIP2);
        assertEquals(Outcome.DECAPSULATED, decap.handle(tunnelled(inner, SERVER_2ND), INNER + 40));
        assertArrayEquals(inner, written.get(0));
    }

    @Test
    void ethernetPaddingIsNotWritten() {
        // A 20-byte inner packet makes a 54-byte frame, which the sender pads to 60.
        byte[] inner = Arrays.copyOf(syn(VIP), 20);
        put16(inner, 2, 20);
        put16(inner, 10, 0);
        put16(inner, 10, Checksum.compute(inner, 0, 20));
        byte[] padded = Arrays.copyOf(tunnelled(inner, SERVER), 60);
        assertEquals(Outcome.DECAPSULATED, decap.handle(padded, 60));
        assertArrayEquals(inner, written.get(0));
    }

    @Test
    void bytesAfterTheInnerPacketInsideTheOuterOneAreNotWritten() {
        byte[] inner = syn(VIP);
        byte[] longer = Arrays.copyOf(inner, 48); // outer total length covers 8 bytes of junk
        byte[] f = tunnelled(longer, SERVER);
        assertEquals(Outcome.DECAPSULATED, decap.handle(f, f.length));
        assertArrayEquals(inner, written.get(0));
    }

    @Test
    void anotherProtocolIsRejected() {
        byte[] f = good();
        f[OUTER + 9] = Ipv4Packet.PROTO_TCP;
        assertRejected(Outcome.NOT_IPIP, reChecksummed(f));
    }

    @Test
    void anotherOuterDestinationIsRejected() {
        assertRejected(Outcome.NOT_FOR_US, tunnelled(syn(VIP), Ipv4Address.parse("10.0.0.12")));
    }

    @Test
    void aBadOuterChecksumIsRejected() {
        byte[] f = good();
        f[OUTER + 11] ^= 0x01;
        assertRejected(Outcome.BAD_OUTER_CHECKSUM, f);
    }

    @Test
    void anInnerPacketNotForAVipIsRejected() {
        assertRejected(Outcome.NOT_TO_VIP, tunnelled(syn(Ipv4Address.parse("10.0.0.99")), SERVER));
    }

    @Test
    void anInnerPacketWithABadHeaderChecksumIsRejected() {
        byte[] f = good();
        f[INNER + 11] ^= 0x01;
        assertRejected(Outcome.BAD_INNER, f);
    }

    @Test
    void anInnerPacketLongerThanTheOuterPayloadIsRejected() {
        byte[] f = good();
        put16(f, INNER + 2, 41); // claims one byte more than the tunnel carries
        put16(f, INNER + 10, 0);
        put16(f, INNER + 10, Checksum.compute(f, INNER, 20));
        assertRejected(Outcome.BAD_INNER, f);
    }

    @Test
    void anInnerPacketThatIsNotIpv4IsRejected() {
        byte[] f = good();
        f[INNER] = 0x65; // version 6
        assertRejected(Outcome.BAD_INNER, f);
    }

    @Test
    void outerFragmentsAreCountedNotReassembled() {
        byte[] f = good();
        put16(f, OUTER + 6, Ipv4Packet.FLAG_MF);
        assertRejected(Outcome.FRAGMENT, reChecksummed(f));
    }

    @Test
    void anOuterLengthBeyondTheFrameIsTruncated() {
        byte[] f = good();
        put16(f, OUTER + 2, f.length - OUTER + 1);
        assertRejected(Outcome.TRUNCATED, reChecksummed(f));
    }

    @Test
    void aMalformedOuterHeaderIsRejected() {
        byte[] f = good();
        f[OUTER] = 0x44; // IHL 4: shorter than the fixed header
        assertRejected(Outcome.MALFORMED_OUTER, f);
    }

    @Test
    void otherFramesAreNotIpv4() {
        byte[] f = good();
        put16(f, 12, EthernetFrame.TYPE_ARP);
        assertRejected(Outcome.NOT_IPV4, f);
    }

    @Test
    void everyTruncationIsRejectedAndNoneThrows() {
        byte[] f = good();
        for (int len = 0; len < f.length; len++) {
            Outcome o = decap.handle(f, len);
            assertTrue(o != Outcome.DECAPSULATED, "cut at " + len + " gave " + o);
        }
        assertEquals(f.length, decap.rejected());
        assertTrue(written.isEmpty());
    }

    @Test
    void aRefusedWriteIsCounted() {
        Decapsulator refusing = new Decapsulator(new int[] {SERVER}, new int[] {VIP}, (b, o, l) -> false);
        byte[] f = good();
        assertEquals(Outcome.WRITE_FAILED, refusing.handle(f, f.length));
        assertEquals(1, refusing.count(Outcome.WRITE_FAILED));
        assertEquals(0, refusing.count(Outcome.DECAPSULATED));
        assertEquals(0, refusing.decapsulatedBytes());
    }

    @Test
    void randomBytesNeverThrowAndEveryFrameIsCountedOnce() {
        Random r = new Random(42);
        byte[] f = new byte[200];
        int frames = 20_000;
        for (int i = 0; i < frames; i++) {
            r.nextBytes(f);
            if (r.nextBoolean()) { // make many get past the first checks
                byte[] g = good();
                System.arraycopy(g, 0, f, 0, r.nextInt(g.length));
            }
            decap.handle(f, r.nextInt(f.length + 1));
        }
        assertEquals(frames, decap.rejected() + decap.count(Outcome.DECAPSULATED));
    }

    @Test
    void theDatapathAllocatesNothing() {
        Decapsulator quiet = new Decapsulator(new int[] {SERVER}, new int[] {VIP}, (b, o, l) -> true);
        byte[] ok = good();
        byte[] bad = good();
        bad[OUTER + 11] ^= 1;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 200_000; i++) {
            quiet.handle(ok, ok.length);
            quiet.handle(bad, bad.length);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            quiet.handle(ok, ok.length);
            quiet.handle(bad, bad.length);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 200k frames");
        assertEquals(300_000, quiet.count(Outcome.DECAPSULATED));
    }

    @Test
    void theKernelFilterSelectsIpipToOurAddresses() {
        assertEquals("ip proto 4 and (dst host 10.0.0.11 or dst host 192.168.5.11)",
                Decapsulator.bpf(new int[] {SERVER, SERVER_2ND}));
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }
}
