package io.lvs4j.cli;

import static io.lvs4j.cli.RunRefusal.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** `lvs4j run --metrics` refuses a bad value or a port in use in one line, exit 2, before the NIC is touched. */
class MetricsRunTest {
    @Test
    void aBadAddressIsNamedWithWhatIsAllowed() {
        for (String bad : new String[] {"9100", "localhost:9100", "127.0.0.1:0", "127.0.0.1:99999"}) {
            assertEquals("lvs4j run: --metrics " + bad + ": expected ADDR:PORT, e.g. 127.0.0.1:9100 (ADDR an IPv4"
                    + " address, [IPv6] in brackets, or 0.0.0.0 for every address; PORT 1..65535)",
                    refused("run", "-i", "lo", "--metrics", bad));
        }
    }

    @Test
    void aPortInUseFailsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String value = "127.0.0.1:" + taken.getLocalPort();
            String err = refused("run", "-i", "lo", "--metrics", value);
            assertTrue(err.startsWith("lvs4j run: --metrics " + value + ": cannot listen: "), err);
            assertTrue(err.endsWith("(port in use, or the address is not on this host)"), err);
        }
    }

    @Test
    void aReplayHasNoMetrics() {
        assertEquals("lvs4j run: --metrics is for a live director; a replay prints its summary instead",
                refused("run", "--read", "in.pcap", "--write", "out.pcap", "--metrics", "127.0.0.1:9100"));
    }
}
