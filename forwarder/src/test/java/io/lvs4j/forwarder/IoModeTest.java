package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IoModeTest {
    @Test
    void parsesTheFourModesInAnyCase() {
        assertEquals(IoMode.XDP, IoMode.parse("xdp"));
        assertEquals(IoMode.RING, IoMode.parse("ring"));
        assertEquals(IoMode.PCAP, IoMode.parse("PCAP"));
        assertEquals(IoMode.AUTO, IoMode.parse(" Auto "));
    }

    @Test
    void aBadModeIsOneLineNamingItAndTheAllowedOnes() {
        DirectorException e = assertThrows(DirectorException.class, () -> IoMode.parse("dpdk"));
        assertEquals("--io 'dpdk' is not an I/O mode (allowed: xdp, ring, pcap, auto)", e.getMessage());
    }
}
