package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void parsesEitherCaseIntoBigEndianLong() {
        assertEquals(0x020000000001L, MacAddress.parse("02:00:00:00:00:01"));
        assertEquals(0xaabbccddeeffL, MacAddress.parse("AA:bb:CC:dd:EE:ff"));
        assertEquals(MacAddress.BROADCAST, MacAddress.parse("ff:ff:ff:ff:ff:ff"));
    }

    @Test
    void rejectsOtherFormsNamingValueAndForm() {
        for (String s : new String[] {"02-00-00-00-00-01", "2:0:0:0:0:1", "02:00:00:00:00", "02:00:00:00:00:0g",
                "02:00:00:00:00:01:", "0200.0000.0001", "", " 02:00:00:00:00:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(s), s);
            assertTrue(e.getMessage().contains("'" + s + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("02:00:00:00:00:01"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(null));
    }

    @Test
    void formatsLowercaseColon() {
        assertEquals("02:00:00:00:00:01", MacAddress.toString(0x020000000001L));
        assertEquals("aa:bb:0c:dd:ee:ff", MacAddress.toString(0xaabb0cddeeffL));
        assertEquals("ff:ff:ff:ff:ff:ff", MacAddress.toString(MacAddress.BROADCAST));
    }

    @Test
    void readsAndWritesAtOffsetWithoutTouchingNeighbours() {
        byte[] b = new byte[10];
        java.util.Arrays.fill(b, (byte) 0x5a);
        MacAddress.write(b, 2, 0x0123456789abL);
        assertEquals("5a5a0123456789ab5a5a", Hex.of(b, 0, 10));
        assertEquals(0x0123456789abL, MacAddress.read(b, 2));
        // high bit set in the first octet must not sign-extend into the long
        MacAddress.write(b, 0, 0xfe0000000001L);
        assertEquals(0xfe0000000001L, MacAddress.read(b, 0));
    }

    @Test
    void ofTakesExactlySixBytes() {
        assertEquals(0xfeedfacecafeL, MacAddress.of(Hex.bytes("feedfacecafe")));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(null));
    }
}
