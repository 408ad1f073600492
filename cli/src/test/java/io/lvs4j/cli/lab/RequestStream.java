package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client in the lab sending one HTTP GET to the VIP every 100 ms (each a new connection,
 * rs-httpd answers HTTP/1.0) until stopped, logging "START_MS END_MS EXIT ANSWER" per request:
 * the times just before curl runs and just after it returns, on the same clock as the director's log.
 * Each request has a client port of its own from a block {@link Lab#clientPorts} reserves, for
 * the reason {@link Lab#get} gives: a port the kernel picked again would continue the director's
 * FIN_WAIT entry of an earlier request, on a server since taken out, instead of being scheduled.
 */
final class RequestStream implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final Path log;

    private RequestStream(Process process, Path dir, Path log) {
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    /** Client ports per stream: over 3 minutes of requests before one is used again (FIN_WAIT lasts 2). */
    private static final int PORTS = 2_000;

    /** Requests that give up after 10 s: a busy machine may delay a SYN or its retransmission. */
    static RequestStream start(Lab lab) throws IOException {
        return start(lab, 10);
    }

    /** @param timeoutSeconds curl's -m: how long one request may take before it counts as failed */
    static RequestStream start(Lab lab, int timeoutSeconds) throws IOException {
        Path dir = Files.createTempDirectory("lvs4j-stream");
        Path log = dir.resolve("requests");
        Path stop = dir.resolve("stop");
        int first = lab.clientPorts(PORTS);
        String script = "port=" + first + "\n"
                + "while [ ! -e '" + stop + "' ]; do\n"
                + "    start=$(date +%s%3N)\n"
                + "    answer=$(curl -s -m " + timeoutSeconds + " --local-port $port http://" + Lab.VIP + "/)\n"
                + "    rc=$?\n"
                + "    echo \"$start $(date +%s%3N) $rc $answer\"\n"
                + "    port=$((port + 1)); [ $port -lt " + (first + PORTS) + " ] || port=" + first + "\n"
                + "    sleep 0.1\n"
                + "done\n";
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns("client"), "sh", "-c", script)
                .redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new RequestStream(p, dir, log);
    }

    record Request(long startMillis, long endMillis, int exit, String answer) {
        boolean ok() {
            return exit == 0 && answer.matches("rs\\d");
        }

        @Override
        public String toString() {
            return startMillis + "-" + endMillis + " exit " + exit + " '" + answer + "'";
        }
    }

    /** The requests finished so far, in order. */
    List<Request> requests() {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.matches("\\d+ \\d+ \\d+ ?.*")).map(l -> {
                String[] f = l.split(" ", 4);
                return new Request(Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]),
                        f.length > 3 ? f[3].strip() : "");
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The requests started at or after {@code millis}. */
    List<Request> since(long millis) {
        return requests().stream().filter(r -> r.startMillis >= millis).toList();
    }

    /** Lets the request in flight finish, then stops; returns every request. */
    List<Request> stop() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("stop"), "");
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return requests();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
