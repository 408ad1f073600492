package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `lvs4j run` in director namespace dK of an ECMP lab (netns-lab.sh --ecmp N), announcing the VIP while it runs. */
final class EcmpDirector implements AutoCloseable {
    static final String LINK = "lvs4j-vip";
    private static final Pattern ENTRY = Pattern.compile("^TCP\\s+\\S+\\s+(\\S+)\\s+[\\d.]+:(\\d+)\\s.*$");
    private static final Pattern NOT_SYN = Pattern.compile("not SYN (\\d+)");

    final int number;
    private final Lab lab;
    private final Process process;
    private final Path out;
    private final Path err;

    private EcmpDirector(int number, Lab lab, Process process, Path out, Path err) {
        this.number = number;
        this.lab = lab;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts lvs4j on dK with {@code rules} and waits until it announces the VIP (its link is up). */
    static EcmpDirector start(Lab lab, int k, String rules, boolean sloppyTcp) throws IOException {
        return launch(lab, k, rules, sloppyTcp).awaitAnnouncing();
    }

    /** Directors d1..dN started side by side (JVMs start slowly on a busy machine), each announcing. */
    static List<EcmpDirector> startAll(Lab lab, int n, String rules, boolean sloppyTcp, List<EcmpDirector> into)
            throws IOException {
        for (int k = 1; k <= n; k++) {
            into.add(launch(lab, k, rules, sloppyTcp));
        }
        for (EcmpDirector d : into) {
            d.awaitAnnouncing();
        }
        return into;
    }

    private static EcmpDirector launch(Lab lab, int k, String rules, boolean sloppyTcp) throws IOException {
        Path dir = Files.createTempDirectory("lvs4j-ecmp-d" + k);
        Path rulesFile = dir.resolve("rules");
        Files.writeString(rulesFile, rules);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.ns("d" + k),
                "java", "-XX:+UseSerialGC", "-Xmx96m", "-jar", Lab.JAR.toString(), "run", "-i", "eth0",
                "-f", rulesFile.toString(), "--max-connections", "4096", "--announce-link", LINK,
                "--control", control(lab, k)));
        if (sloppyTcp) {
            cmd.add("--sloppy-tcp");
        }
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new EcmpDirector(k, lab, p, out, err);
    }

    private EcmpDirector awaitAnnouncing() {
        if (!Shell.await(90_000, () -> !process.isAlive() || log().contains("announcing the VIPs"))
                || !process.isAlive()) {
            close();
            throw new AssertionError("d" + number + " did not start announcing: " + log());
        }
        return this;
    }

    private static String control(Lab lab, int k) {
        return "/run/lvs4j-lab/" + lab.prefix + "/d" + k + ".sock";
    }

    String log() {
        try {
            return Files.readString(err);
        } catch (IOException e) {
            return "";
        }
    }

    /** An ipvsadm command over this director's control socket. */
    void ipvsadm(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LVS4J_CONTROL=" + control(lab, number),
                Lab.REPO.resolve("lvs4j").toString(), "ipvsadm"));
        cmd.addAll(List.of(args));
        Shell.run(30, cmd).orFail("ipvsadm " + String.join(" ", args) + " on d" + number);
    }

    /** Client ports of this director's ESTABLISHED entries, from `ipvsadm -Lnc` over its control socket. */
    Set<Integer> establishedClientPorts() {
        String listing = Shell.run(30, "env", "LVS4J_CONTROL=" + control(lab, number),
                Lab.REPO.resolve("lvs4j").toString(), "ipvsadm", "-Lnc").orFail("ipvsadm -Lnc on d" + number).out();
        Set<Integer> ports = new HashSet<>();
        for (String line : listing.split("\n")) {
            Matcher m = ENTRY.matcher(line.strip());
            if (m.matches() && m.group(1).equals("ESTABLISHED")) {
                ports.add(Integer.parseInt(m.group(2)));
            }
        }
        return ports;
    }

    /** SIGKILL: no shutdown hook runs, nothing is withdrawn by lvs4j itself. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("d" + number + " survived SIGKILL");
        }
    }

    /** SIGTERM; returns the "not SYN" drops of its summary. */
    long stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("d" + number + " did not stop on SIGTERM");
        }
        Matcher m = NOT_SYN.matcher(Files.readString(out));
        if (!m.find()) {
            throw new AssertionError("no 'not SYN' count in d" + number + "'s summary: " + Files.readString(out));
        }
        return Long.parseLong(m.group(1));
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
