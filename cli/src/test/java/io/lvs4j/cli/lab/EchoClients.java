package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * vagrant/ecmp-clients.py in the lab's client namespace: long-lived connections to the VIP, each
 * sending a numbered line every 100 ms that the real server echoes with its name.
 */
final class EchoClients implements AutoCloseable {
    /** One connection's state: who echoed (several if it ever moved), the last line sent and echoed, TCP retransmissions, why it ended. */
    record Flow(int port, List<String> servers, int sent, int echoed, int retrans, String error) {
        boolean open() {
            return error.equals("-");
        }
    }

    private final Process process;
    private final Path status;
    private final Path log;

    private EchoClients(Process process, Path status, Path log) {
        this.process = process;
        this.status = status;
        this.log = log;
    }

    static EchoClients start(Lab lab, String vip, int count, int firstPort) throws IOException {
        Path dir = Files.createTempDirectory("lvs4j-echo-clients");
        Path status = dir.resolve("status");
        Path log = dir.resolve("log");
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns("client"), "python3",
                Lab.REPO.resolve("vagrant/ecmp-clients.py").toString(), "--vip", vip, "--count", String.valueOf(count),
                "--first-port", String.valueOf(firstPort), "--status", status.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EchoClients c = new EchoClients(p, status, log);
        if (!Shell.await(120_000, () -> !p.isAlive() || c.flows().size() == count
                && c.flows().values().stream().allMatch(f -> f.echoed() >= 5))) {
            c.close();
            throw new AssertionError("the " + count + " connections did not all echo: " + c.flows() + " " + c.log());
        }
        return c;
    }

    /** By client port, as last reported (every 200 ms). */
    Map<Integer, Flow> flows() {
        Map<Integer, Flow> m = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (IOException e) {
            return m;
        }
        for (String line : lines) {
            String[] f = line.split(" ");
            m.put(Integer.parseInt(f[0]), new Flow(Integer.parseInt(f[0]), List.of(f[1].split(",")),
                    Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[5]));
        }
        return m;
    }

    /**
     * The highest line number sent on any connection, from a report written after this call began.
     * The report before it can be up to 200 ms old, and a flow moved by the router in that time
     * would show an echo past a mark taken from it.
     */
    int lastSentNow() {
        StatusFile.awaitWrittenAfter(status, FileTime.from(Instant.now()), () -> "ecmp-clients.py: " + log());
        return flows().values().stream().mapToInt(Flow::sent).max().orElse(0);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
