package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IpipEncapsulationTest {
    private static final long RS_MAC = 0x02000000000bL;
    private static final long OUR_MAC = 0x0200000000aaL;
    private static final int DIRECTOR = 0x0A000001;
    private static final int RS = 0x0A00000B;

    /** The SYN's IP packet with TOS 0x10 (the inner checksum is irrelevant to the encapsulator). */
    private static byte[] synWithTos() {
        byte[] f = Frames.tcpSyn();
        f[15] = 0x10;
        return f;
    }

    @Test
    void outerHeaderBytesAndInnerCopiedVerbatim() {
        byte[] f = synWithTos();
        byte[] out = new byte[100];
        Arrays.fill(out, (byte) 0x5a);
        int n = IpipEncapsulation.encapsulate(f, 14, 60, out, 2, RS_MAC, OUR_MAC, DIRECTOR, RS, 0x0102);
        assertEquals(94, n);
        // checksum by hand: 4510+0050+0102+4000+4004+0a00+0001+0a00+000b = da72, ~ = 258d
        String expected = "02000000000b 0200000000aa 0800"
                + "4510 0050 0102 4000 4004 258d 0a000001 0a00000b";
        assertEquals(expected.replace(" ", ""), Hex.of(out, 2, 34));
        assertArrayEquals(Arrays.copyOfRange(f, 14, 74), Arrays.copyOfRange(out, 36, 96));
        assertEquals(0x5a, out[96] & 0xff, "nothing written past the frame");
        assertEquals(0x5a, out[1] & 0xff, "nothing written before the frame");

        Ipv4Packet outer = new Ipv4Packet().wrap(out, 16, 80);
        assertTrue(outer.valid());
        assertTrue(outer.headerChecksumValid());
        assertEquals(Ipv4Packet.PROTO_IPIP, outer.protocol());
    }

    @Test
    void dfClearInInnerStaysClearInOuter() {
        byte[] f = synWithTos();
        f[20] = 0; // inner flags: DF off
        byte[] out = new byte[94];
        IpipEncapsulation.encapsulate(f, 14, 60, out, 0, RS_MAC, OUR_MAC, DIRECTOR, RS, 0x0102);
        // 9a72 without the DF word, ~ = 658d
        assertEquals("4510 0050 0102 0000 4004 658d".replace(" ", ""), Hex.of(out, 14, 12));
    }

    @Test
    void paddingIsNotTunnelled() {
        // a 28-byte UDP packet captured in a 60-byte frame: the caller passes totalLength
        byte[] f = Hex.bytes("020000000001 020000000002 0800"
                + "4500 001c 0000 0000 4011 0000 0a000002 0a000064 1388 0035 0008 0000" + "00".repeat(18));
        Ipv4Packet inner = new Ipv4Packet().wrap(f, 14, 46);
        byte[] out = new byte[80];
        assertEquals(62, IpipEncapsulation.encapsulate(f, 14, inner.totalLength(), out, 0, RS_MAC, OUR_MAC,
                DIRECTOR, RS, 7));
        assertEquals(48, new Ipv4Packet().wrap(out, 14, 48).totalLength());
    }

    @Test
    void inPlaceInTheCaptureBuffer() {
        byte[] original = synWithTos();
        byte[] buf = Arrays.copyOf(original, 94); // room for 20 more bytes
        int n = IpipEncapsulation.encapsulate(buf, 14, 60, buf, 0, RS_MAC, OUR_MAC, DIRECTOR, RS, 0x0102);
        assertEquals(94, n);
        assertEquals("4510 0050 0102 4000 4004 258d".replace(" ", ""), Hex.of(buf, 14, 12));
        assertArrayEquals(Arrays.copyOfRange(original, 14, 74), Arrays.copyOfRange(buf, 34, 94));
    }

    @Test
    void headersAloneAreThoseEncapsulateWrites() {
        byte[] f = synWithTos();
        byte[] whole = new byte[94];
        IpipEncapsulation.encapsulate(f, 14, 60, whole, 0, RS_MAC, OUR_MAC, DIRECTOR, RS, 0x0102);
        byte[] head = new byte[40];
        Arrays.fill(head, (byte) 0x5a);
        assertEquals(34, IpipEncapsulation.writeHeaders(f, 14, 60, head, 0, RS_MAC, OUR_MAC, DIRECTOR, RS, 0x0102));
        assertArrayEquals(Arrays.copyOf(whole, 34), Arrays.copyOf(head, 34));
        assertEquals(0x5a, head[34] & 0xff, "nothing written past the headers");
    }

    @Test
    void refusesAnOuterDatagramOver64k() {
        byte[] big = new byte[70_000];
        big[0] = 0x45;
        assertThrows(IllegalArgumentException.class, () -> IpipEncapsulation.encapsulate(big, 0, 65_516,
                new byte[70_000], 0, RS_MAC, OUR_MAC, DIRECTOR, RS, 1));
    }
}
