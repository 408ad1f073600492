package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A random-source SYN flood at the VIP (hping3 --flood --rand-source from the client namespace)
 * for 30 s, while the client keeps a long-lived connection streaming (an echo every 20 ms through
 * the director) and opens a new HTTP connection every 100 ms (issue 11's acceptance): the stream
 * never stalls for more than 1 s, at least 99 % of the requests made during the flood succeed,
 * and the director's RSS stays within 1.5× its value before the flood. The table holds 10 000
 * entries, so the flood fills it within seconds even when hping3 gets little CPU (with two
 * busy-loop hogs beside it, nice 19 hping3 sent about 40 000 SYNs in 30 s: too few for 100 000
 * entries), and the defence (evicting embryonic entries) has to work; the summary must show
 * evictions and no "table full" drop. ReplaySynFloodTest covers 100 000 entries and 2 M SYNs.
 *
 * <p>The flood runs at nice 19: on this one host it shares two CPUs with the director, the
 * servers and the client, where a real attacker brings its own machine.
 */
@Tag("lab")
class FloodLabIT {
    private static final int FLOOD_SECONDS = 30;
    private static final int STREAM_PORT = 9000;

    /** rs1's echo server for the long-lived connection. */
    private static final String ECHO_SERVER = """
            import socket, threading
            def echo(c):
                with c:
                    while True:
                        d = c.recv(65536)
                        if not d:
                            return
                        c.sendall(d)
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", %d))
            s.listen(16)
            print("listening", flush=True)
            while True:
                c, _ = s.accept()
                threading.Thread(target=echo, args=(c,), daemon=True).start()
            """.formatted(STREAM_PORT);

    /**
     * The client: one connection that sends 100 bytes and reads the echo every 20 ms, and a new
     * HTTP/1.0 GET every 100 ms (each in its own thread, 5 s to answer), until the stop file
     * appears. Writes "ready" once the stream has its first echo; then, at the end, one line per
     * echo ("echo MS") and per request ("req START_MS OK"), in wall-clock milliseconds.
     */
    private static final String CLIENT = """
            import os, socket, sys, threading, time
            vip, out, ready, stop = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
            lines, lock = [], threading.Lock()
            def log(s):
                with lock:
                    lines.append(s)
            def now():
                return int(time.time() * 1000)
            def stream():
                try:
                    c = socket.create_connection((vip, %d), timeout=10)
                    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    c.settimeout(60)
                    payload = b"x" * 100
                    while not os.path.exists(stop):
                        c.sendall(payload)
                        got = 0
                        while got < len(payload):
                            d = c.recv(len(payload) - got)
                            if not d:
                                raise EOFError("closed by the server")
                            got += len(d)
                        log("echo %%d" %% now())
                        if not os.path.exists(ready):
                            open(ready, "w").close()
                        time.sleep(0.02)
                    c.close()
                except Exception as e:
                    log("stream-error %%r" %% (e,))
            def request(start):
                ok = 0
                try:
                    with socket.create_connection((vip, 80), timeout=5) as c:
                        c.settimeout(5)
                        c.sendall(b"GET / HTTP/1.0\\r\\nHost: vip\\r\\n\\r\\n")
                        data = b""
                        while True:
                            d = c.recv(4096)
                            if not d:
                                break
                            data += d
                    ok = 1 if data.startswith(b"HTTP/1.0 200") and data.split(b"\\r\\n\\r\\n", 1)[-1].strip() in (b"rs1", b"rs2") else 0
                except Exception:
                    ok = 0
                log("req %%d %%d" %% (start, ok))
            t = threading.Thread(target=stream)
            t.start()
            threads = []
            tick = time.time()
            while not os.path.exists(stop):
                th = threading.Thread(target=request, args=(now(),))
                th.start()
                threads.append(th)
                tick += 0.1
                time.sleep(max(0, tick - time.time()))
            for th in threads:
                th.join()
            t.join()
            with open(out, "w") as f:
                f.write("\\n".join(lines) + "\\n")
            """.formatted(STREAM_PORT);

    @Test
    void aRandomSourceSynFloodNeitherStallsAStreamNorRefusesNewClients() throws Exception {
        Lab.requirePrerequisites("flood lab", List.of("ip", "python3", "hping3", "nice"), List.of());
        Path dir = Files.createTempDirectory("lvs4j-flood");
        Files.writeString(dir.resolve("echo.py"), ECHO_SERVER);
        Files.writeString(dir.resolve("client.py"), CLIENT);
        String rules = "-A -t " + Lab.VIP + ":80 -s rr\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS1 + ":80 -g -w 1\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS2 + ":80 -g -w 1\n"
                + "-A -t " + Lab.VIP + ":" + STREAM_PORT + " -s rr\n"
                + "-a -t " + Lab.VIP + ":" + STREAM_PORT + " -r " + Lab.RS1 + ":" + STREAM_PORT + " -g -w 1\n";
        try (Lab lab = Lab.up();
             DirectorProcess director = DirectorProcess.start(lab, rules, 2, "--max-connections", "10000")) {
            List<Process> started = new ArrayList<>();
            try {
                flood(lab, director, dir, started);
            } finally {
                for (Process p : started) { // before the lab goes: they run in its namespaces
                    if (p.isAlive()) {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    private static void flood(Lab lab, DirectorProcess director, Path dir, List<Process> started) throws Exception {
        Path echoScript = dir.resolve("echo.py");
        Path clientScript = dir.resolve("client.py");
        Path results = dir.resolve("results");
        Path ready = dir.resolve("ready");
        Path stop = dir.resolve("stop");
        Process echo = start(started, dir.resolve("echo.log"), "ip", "netns", "exec", lab.ns("rs1"),
                "python3", echoScript.toString());
        assertTrue(Shell.await(20_000, () -> read(dir.resolve("echo.log")).contains("listening")),
                "echo server on rs1: " + read(dir.resolve("echo.log")));
        long pid = directorPid(lab);

        Process client = start(started, dir.resolve("client.log"), "ip", "netns", "exec", lab.ns("client"),
                "python3", clientScript.toString(), Lab.VIP, results.toString(), ready.toString(), stop.toString());
        assertTrue(Shell.await(20_000, () -> Files.exists(ready) || !client.isAlive()),
                "the stream got its first echo: " + read(dir.resolve("client.log")));
        // a few seconds of normal traffic first, so the JIT and the heap have settled
        Thread.sleep(5_000);
        assertTrue(client.isAlive(), "client died: " + read(dir.resolve("client.log")));
        long rssBefore = rssKiB(pid);

        long floodStart = System.currentTimeMillis();
        Process hping = start(started, dir.resolve("hping3.log"), "ip", "netns", "exec", lab.ns("client"),
                "nice", "-n", "19", "hping3", "--flood", "--rand-source", "-S", "-p", "80", "-q", Lab.VIP);
        long rssPeak = rssBefore;
        long floodEnd = floodStart + FLOOD_SECONDS * 1000L;
        while (System.currentTimeMillis() < floodEnd) {
            assertTrue(hping.isAlive(), "hping3 stopped early: " + read(dir.resolve("hping3.log")));
            rssPeak = Math.max(rssPeak, rssKiB(pid));
            Thread.sleep(250);
        }
        hping.destroy();
        assertTrue(hping.waitFor(10, TimeUnit.SECONDS), "hping3 did not stop");
        floodEnd = System.currentTimeMillis();
        long rssAfter = rssKiB(pid);

        // a few seconds after the flood too: a stall at its end shows as a gap
        Thread.sleep(3_000);
        Files.writeString(stop, "");
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), "client did not stop");
        echo.destroy();
        String summary = director.stop();

        List<String> lines = Files.readAllLines(results);
        List<Long> echoes = new ArrayList<>();
        int requests = 0;
        int succeeded = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f[0].equals("echo")) {
                echoes.add(Long.parseLong(f[1]));
            } else if (f[0].equals("req")) {
                long at = Long.parseLong(f[1]);
                if (at >= floodStart && at <= floodEnd) {
                    requests++;
                    succeeded += Integer.parseInt(f[2]);
                }
            }
        }
        long maxGap = 0;
        for (int i = 1; i < echoes.size(); i++) {
            maxGap = Math.max(maxGap, echoes.get(i) - echoes.get(i - 1));
        }
        Matcher evicted = Pattern.compile("evicted: embryonic (\\d+), inactive (\\d+)").matcher(summary);
        assertTrue(evicted.find(), summary);
        String report = String.format(java.util.Locale.ROOT,
                "flood %.1f s: requests %d, succeeded %d (%.2f %%); stream: %d echoes, max gap %d ms;"
                        + " director RSS before %d KiB, peak during %d KiB (%.2fx), after %d KiB;"
                        + " evicted embryonic %s%n%s",
                (floodEnd - floodStart) / 1000.0, requests, succeeded, 100.0 * succeeded / Math.max(1, requests),
                echoes.size(), maxGap, rssBefore, rssPeak, (double) rssPeak / rssBefore, rssAfter,
                evicted.group(1), summary);
        System.out.println(report);

        assertTrue(lines.stream().noneMatch(l -> l.startsWith("stream-error")), "stream broke: " + lines.stream()
                .filter(l -> l.startsWith("stream-error")).toList() + "\n" + report);
        assertTrue(!echoes.isEmpty() && echoes.get(0) < floodStart && echoes.get(echoes.size() - 1) > floodEnd,
                "the stream ran before, through and after the flood\n" + report);
        assertTrue(maxGap <= 1000, "the stream stalled for " + maxGap + " ms\n" + report);
        assertTrue(requests >= FLOOD_SECONDS * 10 / 2, "requests made during the flood\n" + report);
        assertTrue(succeeded * 100L >= requests * 99L, "at least 99 % of the requests succeed\n" + report);
        assertTrue(rssPeak * 2 <= rssBefore * 3, "director RSS within 1.5x of its pre-flood value\n" + report);
        assertTrue(Long.parseLong(evicted.group(1)) > 0, "the flood filled the table and was evicted\n" + report);
        assertTrue(summary.contains(" table full 0,"), "no new flow refused for a full table\n" + report);
    }

    private static Process start(List<Process> started, Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The director's JVM: the process in the director namespace running the lvs4j jar. */
    private static long directorPid(Lab lab) throws IOException {
        String pids = Shell.run(5, "ip", "netns", "pids", lab.ns("director")).orFail("ip netns pids").out();
        for (String pid : pids.split("\\s+")) {
            if (pid.isEmpty()) {
                continue;
            }
            Path cmdline = Path.of("/proc", pid, "cmdline");
            if (Files.exists(cmdline) && Files.readString(cmdline).replace('\0', ' ').contains(Lab.JAR + " run")) {
                return Long.parseLong(pid);
            }
        }
        throw new AssertionError("no lvs4j process in " + lab.ns("director") + " among " + pids);
    }

    /** VmRSS from /proc/PID/status, in KiB. */
    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }
}
