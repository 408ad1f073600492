package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * vagrant/ha-streams.py in the client: long-lived TCP connections to the echo service, each a
 * line every 100 ms, checked against the real server's echo. {@link #status} reads what each
 * connection has had echoed so far and its error, if any (a reset, a wrong echo, a close).
 */
final class EchoStreams implements AutoCloseable {
    private final Process process;
    private final Path status;
    private final Path stop;
    private final Path log;

    record Connection(int id, long echoed, String server, String error) {
        boolean ok() {
            return error.equals("-");
        }
    }

    private EchoStreams(Process process, Path status, Path stop, Path log) {
        this.process = process;
        this.status = status;
        this.stop = stop;
        this.log = log;
    }

    static EchoStreams start(Lab lab, int count) throws IOException {
        Path dir = Files.createTempDirectory("lvs4j-ha-streams");
        Path status = dir.resolve("status");
        Path stop = dir.resolve("stop");
        Path log = dir.resolve("out");
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns("client"), "python3",
                Lab.REPO.resolve("vagrant/ha-streams.py").toString(), "--vip", Lab.VIP, "--port", HaPair.ECHO_PORT,
                "--count", String.valueOf(count), "--status", status.toString(), "--stop", stop.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new EchoStreams(p, status, stop, log);
    }

    /** Every connection's state now (empty before the first status write). */
    Map<Integer, Connection> status() {
        Map<Integer, Connection> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(status)) {
                String[] f = line.split(" ");
                if (f.length == 4) {
                    out.put(Integer.parseInt(f[0]), new Connection(Integer.parseInt(f[0]), Long.parseLong(f[1]), f[2], f[3]));
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * Every connection's state from a report begun after this call. The file {@link #status()} reads
     * can be 200 ms old or more (a busy machine delays the writer), and a report takes its lines
     * before its file is written: so not the first file written after the call, but the one after it.
     */
    Map<Integer, Connection> statusNow() {
        Supplier<String> writer = () -> "ha-streams.py (running: " + process.isAlive() + "): " + log();
        FileTime first = StatusFile.awaitWrittenAfter(status, FileTime.from(Instant.now()), writer);
        StatusFile.awaitWrittenAfter(status, first, writer);
        return status();
    }

    private String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Connections without error that have had at least {@code lines} more lines echoed than in {@code before}. */
    long progressed(Map<Integer, Connection> before, long lines) {
        return status().values().stream().filter(c -> c.ok()
                && c.echoed() >= before.getOrDefault(c.id(), new Connection(c.id(), 0, "-", "-")).echoed() + lines).count();
    }

    List<Connection> failed() {
        return status().values().stream().filter(c -> !c.ok()).toList();
    }

    Map<Integer, Connection> stop() throws IOException, InterruptedException {
        Files.writeString(stop, "");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return status();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
