package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpFragmenterTest {
    private static final int DIRECTOR = 0x0A000001;
    private static final int RS = 0x0A00000B;

    /** An outer IPIP datagram of 20 + payload bytes with a random payload. */
    private static byte[] datagram(int payload, int flagsAndOffset, long seed) {
        byte[] d = new byte[20 + payload];
        new Random(seed).nextBytes(d);
        Ipv4Packet.writeHeader(d, 0, 0, 20 + payload, 0x4242, flagsAndOffset, 64, Ipv4Packet.PROTO_IPIP, DIRECTOR, RS);
        return d;
    }

    @Test
    void handCheckedHeadersFor1520BytesAtMtu1500() {
        byte[] d = datagram(1500, 0, 1);
        assertEquals(2, IpFragmenter.fragmentCount(d, 0, 1500));
        byte[] out = new byte[1500];

        assertEquals(1500, IpFragmenter.writeFragment(d, 0, 1500, 0, out, 0));
        Ipv4Packet f = new Ipv4Packet().wrap(out, 0, 1500);
        assertEquals("4500 05dc 4242 2000 4004".replace(" ", ""), Hex.of(out, 0, 10));
        assertTrue(f.headerChecksumValid());
        assertArrayEquals(Arrays.copyOfRange(d, 20, 1500), Arrays.copyOfRange(out, 20, 1500));

        assertEquals(40, IpFragmenter.writeFragment(d, 0, 1500, 1, out, 0));
        // offset 1480 / 8 = 185 = 0xb9; checksum by hand:
        // 4500+0028+4242+00b9+4004+0a00+0001+0a00+000b = dc33, ~ = 23cc
        assertEquals("4500 0028 4242 00b9 4004 23cc 0a000001 0a00000b".replace(" ", ""), Hex.of(out, 0, 20));
        assertArrayEquals(Arrays.copyOfRange(d, 1500, 1520), Arrays.copyOfRange(out, 20, 40));
    }

    @Test
    void reassemblyGivesBackThePayload() {
        int[] mtus = {68, 69, 576, 1000, 1280, 1500};
        int[] sizes = {1, 7, 8, 47, 48, 49, 1480, 1481, 3000, 8972, 65_515};
        Ipv4Packet view = new Ipv4Packet();
        byte[] out = new byte[1500];
        for (int mtu : mtus) {
            for (int size : sizes) {
                byte[] d = datagram(size, 0, mtu * 31L + size);
                int count = IpFragmenter.fragmentCount(d, 0, mtu);
                byte[] reassembled = new byte[size];
                boolean[] seen = new boolean[size];
                int covered = 0;
                for (int i = 0; i < count; i++) {
                    int n = IpFragmenter.writeFragment(d, 0, mtu, i, out, 0);
                    String where = "mtu " + mtu + " size " + size + " fragment " + i + "/" + count;
                    assertTrue(n <= mtu, where);
                    assertTrue(view.wrap(out, 0, n).valid(), where);
                    assertTrue(view.headerChecksumValid(), where);
                    assertEquals(n, view.totalLength(), where);
                    assertEquals(0x4242, view.identification(), where);
                    assertEquals(Ipv4Packet.PROTO_IPIP, view.protocol(), where);
                    assertEquals(DIRECTOR, view.source(), where);
                    assertEquals(RS, view.destination(), where);
                    assertEquals(0, view.fragmentOffset() % 8, where);
                    assertEquals(i < count - 1, view.moreFragments(), where);
                    if (i < count - 1) {
                        assertEquals(0, view.payloadLength() % 8, where);
                    }
                    for (int k = 0; k < view.payloadLength(); k++) {
                        int at = view.fragmentOffset() + k;
                        assertFalse(seen[at], where + " overlaps at " + at);
                        seen[at] = true;
                        reassembled[at] = out[view.payloadOffset() + k];
                    }
                    covered += view.payloadLength();
                }
                assertEquals(size, covered, "mtu " + mtu + " size " + size);
                assertArrayEquals(Arrays.copyOfRange(d, 20, d.length), reassembled, "mtu " + mtu + " size " + size);
            }
        }
    }

    @Test
    void aDatagramThatFitsIsCopiedUnchanged() {
        byte[] d = datagram(100, Ipv4Packet.FLAG_DF, 3);
        assertEquals(1, IpFragmenter.fragmentCount(d, 0, 120));
        byte[] out = new byte[120];
        assertEquals(120, IpFragmenter.writeFragment(d, 0, 120, 0, out, 0));
        assertArrayEquals(d, out);
    }

    @Test
    void fragmentingAFragmentKeepsItsOffsetAndMf() {
        // a middle fragment at offset 1480 (185 units) with MF set, 1000 bytes of payload, MTU 576
        byte[] d = datagram(1000, Ipv4Packet.FLAG_MF | 185, 4);
        int count = IpFragmenter.fragmentCount(d, 0, 576);
        assertEquals(2, count); // 556 per fragment
        byte[] out = new byte[576];
        Ipv4Packet view = new Ipv4Packet();
        IpFragmenter.writeFragment(d, 0, 576, 0, out, 0);
        assertEquals(1480, view.wrap(out, 0, 576).fragmentOffset());
        assertTrue(view.moreFragments());
        int n = IpFragmenter.writeFragment(d, 0, 576, 1, out, 0);
        assertEquals(1480 + 552, view.wrap(out, 0, n).fragmentOffset());
        assertTrue(view.moreFragments(), "the original MF survives on the last piece");
    }

    @Test
    void refusesDfOptionsTinyMtuAndBadIndex() {
        byte[] df = datagram(1500, Ipv4Packet.FLAG_DF, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpFragmenter.fragmentCount(df, 0, 1500));
        assertTrue(e.getMessage().contains("DF"), e.getMessage());
        byte[] options = datagram(100, 0, 6);
        options[0] = 0x46;
        assertThrows(IllegalArgumentException.class, () -> IpFragmenter.fragmentCount(options, 0, 68));
        byte[] ok = datagram(100, 0, 7);
        assertThrows(IllegalArgumentException.class, () -> IpFragmenter.fragmentCount(ok, 0, 67));
        assertThrows(IndexOutOfBoundsException.class, () -> IpFragmenter.writeFragment(ok, 0, 68, 3, new byte[68], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> IpFragmenter.writeFragment(ok, 0, 68, -1, new byte[68], 0));
    }
}
