package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class Ipv4PacketTest {
    private final Ipv4Packet ip = new Ipv4Packet();

    @Test
    void readsTheSynHeader() {
        byte[] f = Frames.tcpSyn();
        assertTrue(ip.wrap(f, 14, 60).valid());
        assertEquals(4, ip.version());
        assertEquals(20, ip.headerLength());
        assertEquals(0, ip.tos());
        assertEquals(60, ip.totalLength());
        assertEquals(0x1c46, ip.identification());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertEquals(0, ip.fragmentOffset());
        assertFalse(ip.isFragment());
        assertFalse(ip.isFirstFragment());
        assertTrue(ip.hasTransportHeader());
        assertEquals(64, ip.ttl());
        assertEquals(Ipv4Packet.PROTO_TCP, ip.protocol());
        assertEquals(0x0a11, ip.headerChecksum());
        assertTrue(ip.headerChecksumValid());
        assertEquals(0x0A000002, ip.source());
        assertEquals(0x0A000064, ip.destination());
        assertEquals(34, ip.payloadOffset());
        assertEquals(40, ip.payloadLength());
    }

    @Test
    void badChecksumIsReportedButStillValidStructure() {
        byte[] f = Frames.tcpSyn();
        f[14 + 8] = 63; // TTL changed without fixing the checksum
        assertTrue(ip.wrap(f, 14, 60).valid());
        assertFalse(ip.headerChecksumValid());
    }

    @Test
    void headerWithOptions() {
        // IHL 6: Router Alert option 94040000; checksum by hand:
        // 4600+0020+abcd+4011+0a00+0001+0a00+0002+9404 = da06, ~ = 25f9
        byte[] p = Hex.bytes("4600 0020 abcd 0000 4011 25f9 0a000001 0a000002 94040000"
                + "1388 0035 0008 0000");
        assertTrue(ip.wrap(p, 0, p.length).valid());
        assertEquals(24, ip.headerLength());
        assertTrue(ip.headerChecksumValid());
        assertEquals(24, ip.payloadOffset());
        assertEquals(8, ip.payloadLength());
        assertEquals(Ipv4Packet.PROTO_UDP, ip.protocol());
        UdpDatagram udp = new UdpDatagram().wrap(p, ip.payloadOffset(), ip.payloadLength());
        assertTrue(udp.valid());
        assertEquals(5000, udp.sourcePort());
        assertEquals(53, udp.destinationPort());
        assertEquals(8, udp.length());
    }

    @Test
    void ethernetPaddingBeyondTotalLengthIsValid() {
        // 20-byte header + 8-byte UDP = 28, padded to 46 bytes of Ethernet payload
        byte[] p = Hex.bytes("4500 001c 0000 0000 4011 0000 0a000001 0a000002 1388 0035 0008 0000" + "00".repeat(18));
        assertTrue(ip.wrap(p, 0, 46).valid());
        assertEquals(28, ip.totalLength());
        assertEquals(8, ip.payloadLength());
    }

    @Test
    void fragments() {
        // first fragment: MF, offset 0
        byte[] first = Hex.bytes("4500 05dc 1234 2000 4011 0000 0a000001 0a000002");
        ip.wrap(first, 0, 20);
        assertTrue(ip.moreFragments());
        assertEquals(0, ip.fragmentOffset());
        assertTrue(ip.isFragment());
        assertTrue(ip.isFirstFragment());
        assertTrue(ip.hasTransportHeader());

        // middle fragment: MF, offset 0x00b9 * 8 = 1480
        byte[] middle = Hex.bytes("4500 05dc 1234 20b9 4011 0000 0a000001 0a000002");
        ip.wrap(middle, 0, 20);
        assertTrue(ip.moreFragments());
        assertEquals(1480, ip.fragmentOffset());
        assertTrue(ip.isFragment());
        assertFalse(ip.isFirstFragment());
        assertFalse(ip.hasTransportHeader());

        // last fragment: MF clear, offset 0x0172 * 8 = 2960; DF bit must not be mistaken for offset
        byte[] last = Hex.bytes("4500 0030 1234 0172 4011 0000 0a000001 0a000002");
        ip.wrap(last, 0, 20);
        assertFalse(ip.moreFragments());
        assertFalse(ip.dontFragment());
        assertEquals(2960, ip.fragmentOffset());
        assertTrue(ip.isFragment());
        assertFalse(ip.hasTransportHeader());

        // largest offset: 0x1fff * 8
        byte[] max = Hex.bytes("4500 0030 1234 5fff 4011 0000 0a000001 0a000002");
        ip.wrap(max, 0, 20);
        assertTrue(ip.dontFragment());
        assertEquals(0x1fff * 8, ip.fragmentOffset());
    }

    @Test
    void invalidHeaders() {
        String rest = "0000 4000 4006 0000 0a000002 0a000064";
        assertFalse(ip.wrap(Hex.bytes("6500 0014" + rest), 0, 20).valid(), "version 6");
        assertFalse(ip.wrap(Hex.bytes("4400 0014" + rest), 0, 20).valid(), "IHL 4");
        assertFalse(ip.wrap(Hex.bytes("4600 0018" + rest), 0, 20).valid(), "IHL 6 but only 20 bytes");
        assertFalse(ip.wrap(Hex.bytes("4500 0013" + rest), 0, 20).valid(), "total < header");
        assertFalse(ip.wrap(Hex.bytes("4500 0015" + rest), 0, 20).valid(), "total > len");
        assertTrue(ip.wrap(Hex.bytes("4500 0014" + rest), 0, 20).valid(), "control: the same header is fine");
        assertFalse(ip.wrap(Hex.bytes("4500 0014" + rest), 0, 19).valid(), "19 bytes");
        assertFalse(ip.wrap(Hex.bytes("4f00 0014" + rest), 0, 20).valid(), "IHL 15 = 60 bytes > len");
    }

    @Test
    void writeHeaderProducesTheKnownHeader() {
        byte[] out = new byte[20];
        Ipv4Packet.writeHeader(out, 0, 0, 0x73, 0, Ipv4Packet.FLAG_DF, 64, Ipv4Packet.PROTO_UDP,
                0xC0A80001, 0xC0A800C7);
        assertEquals("450000730000400040 11b861c0a80001c0a800c7".replace(" ", ""), Hex.of(out, 0, 20));
    }
}
