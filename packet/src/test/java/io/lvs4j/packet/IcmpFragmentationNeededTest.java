package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpFragmentationNeededTest {
    private static final long CLIENT_MAC = 0x020000000002L;
    private static final long OUR_MAC = 0x0200000000aaL;
    private static final int DIRECTOR = 0x0A000001;

    @Test
    void handCheckedBytes() {
        byte[] f = Frames.tcpSyn();
        byte[] out = new byte[80];
        Arrays.fill(out, (byte) 0x5a);
        int n = IcmpFragmentationNeeded.write(out, 1, CLIENT_MAC, OUR_MAC, DIRECTOR, f, 14, 60, 1480, 1);
        assertEquals(14 + 20 + 8 + 28, n);
        String expected = "020000000002 0200000000aa 0800"
                // IP: 45c0+0038+0001+4001+0a00+0001+0a00+0002 = 99fd, ~ = 6602
                + "45c0 0038 0001 0000 4001 6602 0a000001 0a000002"
                // ICMP: 0304+05c8 + quoted header (sums to ffff: neutral) + c350+0050+4996+02d2 = 18d5, ~ = e72a
                + "03 04 e72a 0000 05c8"
                + "4500003c1c46400040060a110a0000020a000064 c3500050 499602d2";
        assertEquals(expected.replace(" ", ""), Hex.of(out, 1, n));
        assertEquals(0x5a, out[0] & 0xff);
        assertEquals(0x5a, out[1 + n] & 0xff);
    }

    @Test
    void checksumsVerifyToZeroAndTheViewsReadIt() {
        byte[] f = Frames.tcpSyn();
        byte[] out = new byte[70];
        int n = IcmpFragmentationNeeded.write(out, 0, CLIENT_MAC, OUR_MAC, DIRECTOR, f, 14, 60, 1480, 77);
        EthernetFrame eth = new EthernetFrame().wrap(out, 0, n);
        assertTrue(eth.valid());
        Ipv4Packet ip = new Ipv4Packet().wrap(out, eth.payloadOffset(), eth.payloadLength());
        assertTrue(ip.valid());
        assertEquals(0, Checksum.compute(out, 14, 20));
        assertEquals(0, Checksum.compute(out, 34, n - 34));
        assertEquals(Ipv4Packet.PROTO_ICMP, ip.protocol());
        assertEquals(64, ip.ttl());
        assertEquals(77, ip.identification());
        assertEquals(0x0A000002, ip.destination(), "to the offending packet's source");
        IcmpMessage icmp = new IcmpMessage().wrap(out, ip.payloadOffset(), ip.payloadLength());
        assertTrue(icmp.valid());
        assertTrue(icmp.checksumValid());
        assertEquals(IcmpMessage.TYPE_DESTINATION_UNREACHABLE, icmp.type());
        assertEquals(IcmpMessage.CODE_FRAGMENTATION_NEEDED, icmp.code());
        assertEquals(1480, icmp.nextHopMtu());
        Ipv4Packet quoted = new Ipv4Packet().wrap(out, icmp.quoteOffset(), 28);
        assertEquals(0x0A000064, quoted.destination());
    }

    @Test
    void quotesOptionsAndShortPayloads() {
        // offending packet with IHL 6 and only 4 bytes of payload: quote = 24 + 4
        byte[] p = Hex.bytes("4600 001c abcd 4000 4011 0000 0a000002 0a000064 94040000 13880035");
        byte[] out = new byte[80];
        int n = IcmpFragmentationNeeded.write(out, 0, CLIENT_MAC, OUR_MAC, DIRECTOR, p, 0, 28, 1480, 1);
        assertEquals(14 + 20 + 8 + 28, n);
        assertArrayEquals(p, Arrays.copyOfRange(out, 42, 70));
        assertTrue(Checksum.verify(out, 34, 36));
        // with 20 bytes of payload only the first 8 are quoted: 24 + 8
        byte[] longer = Arrays.copyOf(Hex.bytes("4600 002c abcd 4000 4011 0000 0a000002 0a000064 94040000"), 44);
        assertEquals(14 + 20 + 8 + 32,
                IcmpFragmentationNeeded.write(out, 0, CLIENT_MAC, OUR_MAC, DIRECTOR, longer, 0, 44, 1480, 1));
        assertEquals(0x003c, Bytes.u16(out, 16), "IP total length 20 + 8 + 32");
    }
}
