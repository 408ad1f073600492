package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.keepalived.TcpCheckConfig;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpCheckerTest {
    @Test
    void upWhenTheConnectionCompletes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, Loopback.ADDRESS)) {
            CheckResult r = new TcpChecker(new TcpCheckConfig(Loopback.options(server.getLocalPort(), Duration.ofSeconds(5))))
                    .check();
            assertTrue(r.up(), r.reason());
            assertEquals("connected to 127.0.0.1:" + server.getLocalPort(), r.reason());
        }
    }

    @Test
    void downWhenRefused() throws Exception {
        int port = Loopback.closedPort();
        CheckResult r = new TcpChecker(new TcpCheckConfig(Loopback.options(port, Duration.ofSeconds(5)))).check();
        assertFalse(r.up());
        assertTrue(r.reason().startsWith("connect to 127.0.0.1:" + port + " failed: Connection refused"), r.reason());
    }

    @Test
    void bindtoChoosesTheSourceAddress() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, Loopback.ADDRESS)) {
            int port = server.getLocalPort();
            CheckResult local = new TcpChecker(new TcpCheckConfig(
                    Loopback.options(port, Duration.ofSeconds(5), Loopback.address("127.0.0.1")))).check();
            assertTrue(local.up(), local.reason());
            // 192.0.2.1 (TEST-NET-1) is on no interface here, so the source cannot be bound.
            CheckResult foreign = new TcpChecker(new TcpCheckConfig(
                    Loopback.options(port, Duration.ofSeconds(5), Loopback.address("192.0.2.1")))).check();
            assertFalse(foreign.up());
            assertTrue(foreign.reason().contains("Cannot assign requested address"), foreign.reason());
        }
    }
}
