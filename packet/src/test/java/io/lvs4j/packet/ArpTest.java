package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Expected frames are laid out field by field after RFC 826: htype ptype hlen plen op sha spa tha tpa. */
class ArpTest {
    private static final long OUR_MAC = 0x0200000000aaL;
    private static final long CLIENT_MAC = 0x020000000002L;
    private static final int VIP = 0x0A000064; // 10.0.0.100
    private static final int CLIENT = 0x0A000002; // 10.0.0.2

    private final EthernetFrame eth = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();

    private static byte[] dirty(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0x5a);
        return b;
    }

    @Test
    void replyBytes() {
        byte[] out = dirty(46);
        assertEquals(42, ArpWriter.reply(out, 2, OUR_MAC, VIP, CLIENT_MAC, CLIENT));
        String expected = "5a5a"
                + "020000000002 0200000000aa 0806"
                + "0001 0800 06 04 0002 0200000000aa 0a000064 020000000002 0a000002"
                + "5a5a";
        assertEquals(expected.replace(" ", ""), Hex.of(out, 0, 46));
    }

    @Test
    void requestBytes() {
        byte[] out = dirty(42);
        assertEquals(42, ArpWriter.request(out, 0, OUR_MAC, 0x0A000001, CLIENT));
        String expected = "ffffffffffff 0200000000aa 0806"
                + "0001 0800 06 04 0001 0200000000aa 0a000001 000000000000 0a000002";
        assertEquals(expected.replace(" ", ""), Hex.of(out, 0, 42));
    }

    @Test
    void gratuitousBytes() {
        byte[] out = dirty(42);
        assertEquals(42, ArpWriter.gratuitous(out, 0, OUR_MAC, VIP));
        String expected = "ffffffffffff 0200000000aa 0806"
                + "0001 0800 06 04 0001 0200000000aa 0a000064 000000000000 0a000064";
        assertEquals(expected.replace(" ", ""), Hex.of(out, 0, 42));
    }

    @Test
    void readsAPaddedRequestFromTheWire() {
        // who-has 10.0.0.100 tell 10.0.0.2, padded by the sender's NIC to 60 bytes
        byte[] f = Hex.bytes("ffffffffffff 020000000002 0806"
                + "0001 0800 0604 0001 020000000002 0a000002 000000000000 0a000064" + "00".repeat(18));
        assertTrue(eth.wrap(f, 0, f.length).valid());
        assertEquals(EthernetFrame.TYPE_ARP, eth.etherType());
        assertTrue(arp.wrap(f, eth.payloadOffset(), eth.payloadLength()).valid());
        assertEquals(ArpPacket.REQUEST, arp.operation());
        assertEquals(CLIENT_MAC, arp.senderMac());
        assertEquals(CLIENT, arp.senderIp());
        assertEquals(0L, arp.targetMac());
        assertEquals(VIP, arp.targetIp());
    }

    @Test
    void writerOutputParsesBack() {
        byte[] out = new byte[42];
        ArpWriter.reply(out, 0, OUR_MAC, VIP, CLIENT_MAC, CLIENT);
        assertTrue(arp.wrap(out, 14, 28).valid());
        assertEquals(ArpPacket.REPLY, arp.operation());
        assertEquals(OUR_MAC, arp.senderMac());
        assertEquals(VIP, arp.senderIp());
        assertEquals(CLIENT_MAC, arp.targetMac());
        assertEquals(CLIENT, arp.targetIp());
    }

    @Test
    void rejectsOtherFlavoursAndShortPackets() {
        String good = "0001 0800 0604 0002 020000000002 0a000002 0200000000aa 0a000064";
        assertTrue(arp.wrap(Hex.bytes(good), 0, 28).valid());
        assertFalse(arp.wrap(Hex.bytes(good), 0, 27).valid());
        assertFalse(arp.wrap(Hex.bytes("0006" + good.substring(4)), 0, 28).valid(), "htype IEEE 802");
        assertFalse(arp.wrap(Hex.bytes("0001 86dd" + good.substring(9)), 0, 28).valid(), "ptype IPv6");
        assertFalse(arp.wrap(Hex.bytes("0001 0800 0804" + good.substring(14)), 0, 28).valid(), "hlen 8");
        assertFalse(arp.wrap(Hex.bytes("0001 0800 0610" + good.substring(14)), 0, 28).valid(), "plen 16");
    }
}
