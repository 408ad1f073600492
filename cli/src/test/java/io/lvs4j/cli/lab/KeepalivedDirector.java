package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lvs4j run -i eth0 --keepalived FILE} in the lab's director namespace, with what an
 * operator uses on it: SIGHUP, {@code lvs4j reload}, {@code lvs4j checks}, {@code ipvsadm}
 * through the shim, and the director's log with its own timestamps.
 */
final class KeepalivedDirector implements AutoCloseable {
    static final Path SHIM = Lab.REPO.resolve("bin/ipvsadm");
    static final Path LVS4J = Lab.REPO.resolve("lvs4j");
    /** logback's "HH:mm:ss.SSS LEVEL Logger: message". */
    private static final Pattern LOG_LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) +\\S+ +(.*)$");

    private final Lab lab;
    private final Process process;
    final Path conf;
    private final Path err;

    private KeepalivedDirector(Lab lab, Process process, Path conf, Path err) {
        this.lab = lab;
        this.process = process;
        this.conf = conf;
        this.err = err;
    }

    /**
     * Writes {@code keepalivedConf} to a file, starts the director on it and waits until it
     * directs and knows the MACs of {@code resolved} (real server addresses).
     */
    static KeepalivedDirector start(Lab lab, String keepalivedConf, String... resolved) throws IOException {
        return start(lab, keepalivedConf, List.of(), resolved);
    }

    /** As {@link #start(Lab, String, String...)}, with more options for {@code run} (--metrics …). */
    static KeepalivedDirector start(Lab lab, String keepalivedConf, List<String> runOptions, String... resolved)
            throws IOException {
        Path dir = Files.createTempDirectory("lvs4j-keepalived");
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, keepalivedConf);
        Path err = dir.resolve("stderr");
        // Not through a shell: the process must be the JVM itself (nohup and ip netns exec exec
        // it), so that SIGHUP and SIGTERM reach the director. Under nohup, as an operator may start
        // it: SIGHUP comes in ignored, and the director must still reload on it.
        List<String> cmd = new ArrayList<>(List.of("nohup", "ip", "netns", "exec", lab.ns("director"), "java", "-jar",
                Lab.JAR.toString(), "run", "-i", "eth0", "--keepalived", conf.toString(), "--control", lab.control()));
        cmd.addAll(runOptions);
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(err.toFile()).start();
        KeepalivedDirector d = new KeepalivedDirector(lab, p, conf, err);
        try {
            assertTrue(Shell.await(30_000, () -> !p.isAlive() || d.log().contains("LiveDirector: directing on")),
                    "the director starts: " + d.log());
            assertTrue(p.isAlive(), "the director runs: " + d.log());
            for (String rs : resolved) {
                assertTrue(Shell.await(15_000, () -> d.log().contains("real server " + rs + " is at")),
                        "the director resolves " + rs + ": " + d.log());
            }
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    String log() {
        try {
            return Files.readString(err);
        } catch (IOException e) {
            return "";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Rewrites the configuration file and sends SIGHUP, as an operator after editing it. */
    void rewriteAndHangUp(String keepalivedConf) throws IOException {
        Files.writeString(conf, keepalivedConf);
        Shell.run(5, "kill", "-HUP", Long.toString(process.pid())).orFail("kill -HUP");
    }

    /** {@code lvs4j reload} through the control socket. */
    Shell.Result reload() {
        return Shell.run(30, "env", "LVS4J_CONTROL=" + lab.control(), LVS4J.toString(), "reload");
    }

    /** {@code lvs4j checks}' listing; fails the test if the command does. */
    String checks() {
        Shell.Result r = Shell.run(30, "env", "LVS4J_CONTROL=" + lab.control(), LVS4J.toString(), "checks");
        r.orFail("lvs4j checks");
        return r.out();
    }

    /** ipvsadm through the shim; its stdout, the command having succeeded silently. */
    String ipvsadm(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LVS4J_CONTROL=" + lab.control(), SHIM.toString()));
        cmd.addAll(List.of(args));
        Shell.Result r = Shell.run(30, cmd).orFail("ipvsadm " + String.join(" ", args));
        assertEquals("", r.err(), "ipvsadm's stderr");
        return r.out();
    }

    /** A director log line with its time (epoch ms, the director's own clock). */
    record LogLine(long millis, String text) {
    }

    List<LogLine> logLines() {
        List<LogLine> lines = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (String l : log().split("\n")) {
            Matcher m = LOG_LINE.matcher(l);
            if (m.matches()) {
                lines.add(new LogLine(epochMillis(LocalTime.parse(m.group(1)), now), m.group(2)));
            }
        }
        return lines;
    }

    /** The first log line matching {@code what}, or empty. */
    Optional<LogLine> first(Predicate<String> what) {
        return logLines().stream().filter(l -> what.test(l.text())).findFirst();
    }

    /** Waits (up to {@code millis}) for the first log line matching {@code what}. */
    LogLine await(long millis, String description, Predicate<String> what) {
        assertTrue(Shell.await(millis, () -> first(what).isPresent()), description + " in the log:\n" + log());
        return first(what).orElseThrow();
    }

    /**
     * The log line RealServerHealth writes when real server {@code rs} (port 80) of any virtual
     * server goes up or down: "TCP 10.0.0.100 80 -> 10.0.0.11:80: HTTP_GET … down: …; real server down".
     */
    static Predicate<String> transition(String rs, boolean up) {
        return t -> t.contains("-> " + rs + ":80: ") && t.contains("; real server " + (up ? "up" : "down"));
    }

    /**
     * The log line written once the table edit for real server {@code rs} going up or down was
     * applied: "TCP 10.0.0.100 80 -> 10.0.0.11:80 down (…): delete server …".
     */
    static Predicate<String> applied(String rs, boolean up) {
        return t -> t.contains("-> " + rs + ":80 " + (up ? "up, weight " : "down ("));
    }

    /** The log line time of day, on the day that puts it nearest {@code now}. */
    private static long epochMillis(LocalTime t, long now) {
        ZoneId zone = ZoneId.systemDefault();
        long best = Long.MAX_VALUE;
        LocalDate today = java.time.Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        for (int days = -1; days <= 1; days++) {
            long at = today.plusDays(days).atTime(t).atZone(zone).toInstant().toEpochMilli();
            if (best == Long.MAX_VALUE || Math.abs(at - now) < Math.abs(best - now)) {
                best = at;
            }
        }
        return best;
    }

    /** SIGTERM; the director must stop. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("director did not stop on SIGTERM");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
