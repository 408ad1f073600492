package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `lvs4j run` from the built jar inside the lab's director namespace. */
final class DirectorProcess implements AutoCloseable {
    private static final Pattern SERVER_LINE = Pattern.compile(
            "^\\s+-> (\\S+) \\S+ weight \\d+: conns (\\d+), packets (\\d+), bytes (\\d+)$");

    private final Process process;
    private final Path out;
    private final Path err;
    private String summary;

    private DirectorProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts the director with {@code rules} and waits until it knows {@code servers} real servers' MACs. */
    static DirectorProcess start(Lab lab, String rules, int servers, String... extraArgs) throws IOException {
        Path dir = Files.createTempDirectory("lvs4j-director");
        Path rulesFile = dir.resolve("rules");
        Files.writeString(rulesFile, rules);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.ns("director"),
                "java", "-jar", Lab.JAR.toString(), "run", "-i", "eth0", "-f", rulesFile.toString(),
                "--control", lab.control()));
        cmd.addAll(List.of(extraArgs));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        DirectorProcess d = new DirectorProcess(p, out, err);
        boolean ready = Shell.await(60_000, () -> !p.isAlive() || d.log().split(" is at ", -1).length - 1 >= servers);
        if (!ready || !p.isAlive()) {
            d.close();
            throw new AssertionError("director did not become ready: " + d.log());
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

    /** Sends a signal by name (e.g. "HUP") to the director's JVM (ip netns exec execs it: same PID). */
    void signal(String name) {
        Shell.run(10, "kill", "-" + name, Long.toString(process.pid())).orFail("kill -" + name);
    }

    /** SIGTERM, as an operator's Ctrl-C or systemd would; returns the one-screen summary. */
    String stop() throws InterruptedException, IOException {
        if (summary == null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("director did not stop on SIGTERM");
            }
            summary = Files.readString(out);
        }
        return summary;
    }

    /** Per real server "addr:port" → {conns, packets, bytes}, from the summary. */
    static Map<String, long[]> serverCounters(String summary) {
        Map<String, long[]> m = new HashMap<>();
        for (String line : summary.split("\n")) {
            Matcher x = SERVER_LINE.matcher(line);
            if (x.matches()) {
                m.put(x.group(1), new long[] {Long.parseLong(x.group(2)), Long.parseLong(x.group(3)),
                        Long.parseLong(x.group(4))});
            }
        }
        return m;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
