package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class Ipv4AddressTest {
    @Test
    void parsesDottedQuad() {
        assertEquals(0x0A000001, Ipv4Address.parse("10.0.0.1"));
        assertEquals(0xC0A800C7, Ipv4Address.parse("192.168.0.199"));
        assertEquals(0, Ipv4Address.parse("0.0.0.0"));
        assertEquals(-1, Ipv4Address.parse("255.255.255.255"));
    }

    @Test
    void rejectsAnythingButStrictDottedQuad() {
        for (String s : new String[] {"", "10.0.0", "10.0.0.1.", ".10.0.0.1", "10..0.1", "256.0.0.1", "1.2.3.1000",
                "010.0.0.1", "0x0a.0.0.1", "10.0.0.1 ", " 10.0.0.1", "+1.0.0.0", "-1.0.0.0", "a.b.c.d", "10.0.0.1/24",
                "10.0.0.0001", "localhost"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(s), s);
            assertTrue(e.getMessage().contains("'" + s + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(null));
    }

    @Test
    void formatsUnsigned() {
        assertEquals("10.0.0.1", Ipv4Address.toString(0x0A000001));
        assertEquals("255.255.255.254", Ipv4Address.toString(0xFFFFFFFE));
        assertEquals("128.0.0.0", Ipv4Address.toString(0x80000000));
    }

    @Test
    void convertsToAndFromInet4Address() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 1, 2});
        assertEquals(0xC0A80102, Ipv4Address.of(a));
        assertEquals(a, Ipv4Address.toInet(0xC0A80102));
    }

    @Test
    void readsAndWritesAtOffset() {
        byte[] b = new byte[6];
        Ipv4Address.write(b, 1, 0xC0A80001);
        assertEquals("00c0a8000100", Hex.of(b, 0, 6));
        assertEquals(0xC0A80001, Ipv4Address.read(b, 1));
    }
}
