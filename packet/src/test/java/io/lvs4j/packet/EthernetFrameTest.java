package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EthernetFrameTest {
    private final EthernetFrame eth = new EthernetFrame();

    @Test
    void untaggedIpv4() {
        byte[] f = Frames.tcpSyn();
        assertTrue(eth.wrap(f, 0, f.length).valid());
        assertEquals(0x020000000001L, eth.destination());
        assertEquals(0x020000000002L, eth.source());
        assertFalse(eth.hasVlanTag());
        assertEquals(0, eth.vlanId());
        assertEquals(EthernetFrame.TYPE_IPV4, eth.etherType());
        assertEquals(14, eth.payloadOffset());
        assertEquals(60, eth.payloadLength());
    }

    @Test
    void dot1qTagIsSkipped() {
        // TCI a064: PCP 5, DEI 0, VID 0x064 = 100
        byte[] f = Hex.bytes("ffffffffffff 0200000000aa 8100 a064 0806" + "00".repeat(28));
        assertTrue(eth.wrap(f, 0, f.length).valid());
        assertEquals(MacAddress.BROADCAST, eth.destination());
        assertEquals(0x0200000000aaL, eth.source());
        assertTrue(eth.hasVlanTag());
        assertEquals(100, eth.vlanId());
        assertEquals(EthernetFrame.TYPE_ARP, eth.etherType());
        assertEquals(18, eth.payloadOffset());
    }

    @Test
    void dot1adTagIsTreatedLikeDot1q() {
        byte[] f = Hex.bytes("ffffffffffff 0200000000aa 88a8 0fff 0800" + "00".repeat(20));
        assertTrue(eth.wrap(f, 0, f.length).valid());
        assertEquals(4095, eth.vlanId());
        assertEquals(EthernetFrame.TYPE_IPV4, eth.etherType());
    }

    @Test
    void payloadOffsetIsAbsolute() {
        byte[] f = Hex.bytes("eeeeee" + Frames.TCP_SYN);
        assertTrue(eth.wrap(f, 3, f.length - 3).valid());
        assertEquals(17, eth.payloadOffset());
        assertEquals(0x020000000001L, eth.destination());
        assertSame(f, eth.buffer());
        assertEquals(3, eth.offset());
        assertEquals(74, eth.wrappedLength());
    }

    @Test
    void lengthThresholds() {
        byte[] tagged = Hex.bytes("ffffffffffff 0200000000aa 8100 0001 0800");
        assertFalse(eth.wrap(tagged, 0, 17).valid());
        assertTrue(eth.wrap(tagged, 0, 18).valid());
        assertFalse(eth.wrap(tagged, 0, 13).valid());
        byte[] plain = Hex.bytes("ffffffffffff 0200000000aa 0800");
        assertTrue(eth.wrap(plain, 0, 14).valid());
        assertFalse(eth.wrap(plain, 0, 15).valid(), "len beyond the buffer");
        assertFalse(eth.wrap(plain, -1, 14).valid());
        assertFalse(eth.wrap(null, 0, 14).valid());
    }

    @Test
    void writeHeader() {
        byte[] out = new byte[16];
        assertEquals(14, EthernetFrame.writeHeader(out, 1, 0x0a0b0c0d0e0fL, 0x010203040506L, 0x0806));
        assertEquals("00 0a0b0c0d0e0f 010203040506 0806 00".replace(" ", ""), Hex.of(out, 0, 16));
    }
}
