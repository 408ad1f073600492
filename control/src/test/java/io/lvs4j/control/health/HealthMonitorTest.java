package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.keepalived.KeepalivedConfig;
import io.lvs4j.control.keepalived.KeepalivedParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor on real threads with a short delay_loop: transitions arrive on the health threads. */
class HealthMonitorTest {
    @TempDir
    Path dir;

    record Event(String text, String thread) {
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    Event next() throws InterruptedException {
        Event e = events.poll(60, TimeUnit.SECONDS);
        assertNotNull(e, "no health transition within 60s");
        return e;
    }

    @Test
    void reportsDownAndUpFromItsOwnThreads() throws Exception {
        Path flag = dir.resolve("healthy");
        Files.writeString(flag, "yes");
        try (ServerSocket web = new ServerSocket(0, 50, Loopback.ADDRESS)) {
            // Accept and close, so the TCP checks never fill the backlog however long the test runs.
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try (Socket ignored = web.accept()) {
                        continue;
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path conf = dir.resolve("keepalived.conf");
            // misc_timeout defaults to delay_loop (as in keepalived): far too short for a fork on a busy machine
            Files.writeString(conf, """
                    virtual_server 10.0.0.1 80 {
                        lb_kind DR
                        delay_loop 0.05
                        real_server 127.0.0.1 %d {
                            weight 3
                            retry 2
                            delay_before_retry 0.05
                            TCP_CHECK {
                            }
                            MISC_CHECK {
                                misc_path "/usr/bin/test -e %s"
                                misc_timeout 60
                            }
                        }
                    }
                    """.formatted(web.getLocalPort(), flag));
            KeepalivedConfig config = KeepalivedParser.parse(conf);
            try (HealthMonitor monitor = new HealthMonitor(config, (key, up, weight, reason) ->
                    events.add(new Event(key + " " + (up ? "up " + weight : "down") + " | " + reason,
                            Thread.currentThread().getName())))) {
                RealServerHealth server = monitor.servers().get(0);
                assertTrue(server.isUp(), "without alpha a server starts up");
                monitor.start();

                Files.delete(flag);
                Event down = next();
                String key = "TCP 10.0.0.1 80 -> 127.0.0.1:" + web.getLocalPort();
                assertEquals(key + " down | MISC_CHECK /usr/bin/test -e " + flag + " down: /usr/bin/test exited 1",
                        down.text());
                assertTrue(down.thread().startsWith("lvs4j-health-"), down.thread());
                CheckStatus misc = server.checks().get(1).status();
                assertEquals(CheckState.DOWN, misc.state());
                assertTrue(misc.consecutiveFailures() >= 3, "down after retry + 1 = 3 failures: " + misc);
                assertEquals(CheckState.UP, server.checks().get(0).status().state(), "TCP is fine");

                Files.writeString(flag, "again");
                Event up = next();
                assertEquals(key + " up 3 | MISC_CHECK /usr/bin/test -e " + flag + " up: /usr/bin/test exited 0",
                        up.text());
                assertTrue(server.isUp());
            }
        }
    }
}
