package io.lvs4j.control.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MetricsAddressTest {
    @Test
    void bindsExactlyTheAddressWritten() {
        InetSocketAddress a = MetricsAddress.parse("127.0.0.1:9100");
        assertEquals("127.0.0.1", a.getAddress().getHostAddress());
        assertEquals(9100, a.getPort());
        assertEquals("10.0.0.10", MetricsAddress.parse("10.0.0.10:80").getAddress().getHostAddress());
        assertTrue(MetricsAddress.parse("0.0.0.0:9100").getAddress().isAnyLocalAddress(), "every address when asked");
        assertTrue(MetricsAddress.parse("[::1]:9100").getAddress().isLoopbackAddress());
    }

    @Test
    void refusesAnythingElseNamingTheValue() {
        for (String bad : new String[] {"9100", ":9100", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
            "127.0.0.1:http", "localhost:9100", "example.com:9100", "300.0.0.1:9100", "[zz::1]:9100", "::1:9100"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--metrics " + bad + ": expected ADDR:PORT"), e.getMessage());
        }
    }
}
