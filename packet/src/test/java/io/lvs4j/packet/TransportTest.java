package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TransportTest {
    private final TcpSegment tcp = new TcpSegment();
    private final UdpDatagram udp = new UdpDatagram();

    @Test
    void synHeaderFields() {
        byte[] f = Frames.tcpSyn();
        assertTrue(tcp.wrap(f, 34, 40).valid());
        assertEquals(50000, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals(1234567890L, tcp.sequenceNumber());
        assertEquals(0L, tcp.acknowledgementNumber());
        assertEquals(10, tcp.dataOffset());
        assertEquals(40, tcp.headerLength());
        assertEquals(TcpSegment.SYN, tcp.flags());
        assertTrue(tcp.has(TcpSegment.SYN));
        assertFalse(tcp.has(TcpSegment.ACK));
        assertEquals(0xfaf0, tcp.window());
        assertEquals(0x28a1, tcp.checksum());
        assertEquals(50000, TransportPorts.sourcePort(f, 34));
        assertEquals(80, TransportPorts.destinationPort(f, 34));
    }

    @Test
    void tcpChecksumOfTheSampleIsRightOverThePseudoHeader() {
        // Guards the sample frame itself: pseudo-header (src, dst, 0, 6, tcp length) + segment sums to ffff.
        byte[] f = Frames.tcpSyn();
        byte[] pseudo = Hex.bytes("0a000002 0a000064 0006 0028");
        int partial = Checksum.sum(pseudo, 0, pseudo.length, 0);
        assertEquals(0xffff, Checksum.sum(f, 34, 40, partial));
    }

    @Test
    void flagsWithHighBitsAndSequenceAbove2pow31() {
        byte[] h = Hex.bytes("0050 c350 fffffffe 80000001 5011 ffff 0000 0000");
        assertTrue(tcp.wrap(h, 0, 20).valid());
        assertEquals(0xfffffffeL, tcp.sequenceNumber());
        assertEquals(0x80000001L, tcp.acknowledgementNumber());
        assertEquals(TcpSegment.ACK | TcpSegment.FIN, tcp.flags());
        assertEquals(0xffff, tcp.window());
    }

    @Test
    void tcpValidThreshold() {
        byte[] h = Hex.bytes("0050 c350 00000000 00000000 a002 ffff 0000 0000");
        assertTrue(tcp.wrap(h, 0, 20).valid(), "options beyond len are allowed");
        assertFalse(tcp.wrap(h, 0, 19).valid());
        assertFalse(tcp.wrap(h, 0, 14).valid());
        h[12] = 0x40; // data offset 4 < 5
        assertFalse(tcp.wrap(h, 0, 20).valid());
    }

    @Test
    void udpValidThreshold() {
        byte[] h = Hex.bytes("d431 0035 0123 abcd");
        assertTrue(udp.wrap(h, 0, 8).valid());
        assertEquals(0xd431, udp.sourcePort());
        assertEquals(53, udp.destinationPort());
        assertEquals(0x0123, udp.length());
        assertEquals(0xabcd, udp.checksum());
        assertFalse(udp.wrap(h, 0, 7).valid());
        assertFalse(udp.wrap(h, 1, 8).valid(), "beyond the buffer");
    }

    @Test
    void portsOnlyForTcpAndUdp() {
        assertTrue(TransportPorts.hasPorts(Ipv4Packet.PROTO_TCP));
        assertTrue(TransportPorts.hasPorts(Ipv4Packet.PROTO_UDP));
        assertFalse(TransportPorts.hasPorts(Ipv4Packet.PROTO_ICMP));
        assertFalse(TransportPorts.hasPorts(Ipv4Packet.PROTO_IPIP));
    }
}
