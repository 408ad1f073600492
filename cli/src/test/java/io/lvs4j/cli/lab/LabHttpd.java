package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real server's HTTP daemon (the lab's rs-httpd.py) stopped and started by the test, with the
 * moments that happened: the stop is the test's own SIGTERM (taken just before sending it, no
 * process spawned in between), the start the first moment the new daemon is seen listening.
 */
final class LabHttpd {
    private LabHttpd() {
    }

    /** SIGTERM to rsN's daemon; returns the time (epoch ms) taken just before the signal was sent. */
    static long stop(Lab lab, String host) {
        List<Long> pids = pids(lab, host);
        assertTrue(!pids.isEmpty(), host + "'s HTTP server runs");
        long at = System.currentTimeMillis();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        assertTrue(Shell.await(10_000, () -> pids(lab, host).isEmpty()), host + "'s HTTP server stops");
        return at;
    }

    /** Starts rsN's daemon again; returns the first time (epoch ms) it was seen listening on port 80. */
    static long start(Lab lab, String host) throws IOException {
        // ip netns exec execs python3: the Process is the daemon itself, whose /proc/PID/net/tcp
        // shows its namespace's sockets. The lab's down kills it with the namespace's processes.
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns(host), "python3",
                Lab.REPO.resolve("vagrant/rs-httpd.py").toString(), "--name", host, "--port", "80")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Path tcp = Path.of("/proc", Long.toString(p.pid()), "net", "tcp");
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end && p.isAlive()) {
            if (listensOn80(tcp)) {
                return System.currentTimeMillis();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(host + "'s HTTP server did not start listening (alive: " + p.isAlive() + ")");
    }

    /** Starts rsN's daemon if it is not running (for finally blocks). */
    static void ensureRunning(Lab lab, String host) throws IOException {
        if (pids(lab, host).isEmpty()) {
            start(lab, host);
        }
    }

    /** A socket listening on 0.0.0.0:80 in /proc/PID/net/tcp (the daemon's namespace). */
    private static boolean listensOn80(Path tcp) {
        try {
            return Files.readAllLines(tcp).stream().anyMatch(l -> l.contains(":0050 00000000:0000 0A"));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Long> pids(Lab lab, String host) {
        List<Long> pids = new ArrayList<>();
        for (String pid : Shell.run(10, "ip", "netns", "pids", lab.ns(host)).out().split("\\s+")) {
            try {
                if (!pid.isEmpty() && Files.readString(Path.of("/proc", pid, "cmdline")).contains("rs-httpd.py")) {
                    pids.add(Long.parseLong(pid));
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return pids;
    }
}
