package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DirectRoutingTest {
    @Test
    void onlyTheMacsChange() {
        byte[] before = Hex.bytes("ee" + Frames.TCP_SYN + "ee");
        byte[] f = before.clone();
        DirectRouting.rewrite(f, 1, 0x02000000000bL, 0x0200000000aaL);
        assertEquals("ee 02000000000b 0200000000aa".replace(" ", ""), Hex.of(f, 0, 13));
        assertArrayEquals(Arrays.copyOfRange(before, 13, before.length), Arrays.copyOfRange(f, 13, f.length));
        EthernetFrame eth = new EthernetFrame().wrap(f, 1, 74);
        assertEquals(0x02000000000bL, eth.destination());
        assertEquals(0x0200000000aaL, eth.source());
        assertTrue(new Ipv4Packet().wrap(f, eth.payloadOffset(), eth.payloadLength()).headerChecksumValid());
    }
}
