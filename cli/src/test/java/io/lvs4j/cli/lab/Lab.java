package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * One one-host lab (vagrant/netns-lab.sh) under a prefix of its own: namespaces client,
 * director, rs1, rs2 on a bridge. Always taken down by close(), even when a test fails.
 * Without root or the lab's tools the tests are skipped, except under CI=true, where they fail.
 */
final class Lab implements AutoCloseable {
    static final String VIP = "10.0.0.100";
    static final String DIRECTOR_IP = "10.0.0.10";
    static final String CLIENT_IP = "10.0.0.20";
    static final String RS1 = "10.0.0.11";
    static final String RS2 = "10.0.0.12";

    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    static final Path SCRIPT = REPO.resolve("vagrant/netns-lab.sh");
    static final Path JAR = REPO.resolve("cli/target/lvs4j.jar");
    static final Path IPVSADM = REPO.resolve("bin/ipvsadm");

    final String prefix;
    /** The next client port {@link #get} uses (20000.., below the ephemeral range 32768..). */
    private int nextClientPort = 20_000;
    /** netns-lab.sh's options at up; down needs them too (--servers N: which rsN namespaces to remove). */
    private final List<String> options;

    private Lab(String prefix, List<String> options) {
        this.prefix = prefix;
        this.options = options;
    }

    /** Brings a lab up; {@code options} are netns-lab.sh's, e.g. "--mode", "tun", "--servers", "3". */
    static Lab up(String... options) {
        checkPrerequisites();
        String prefix = "l4j" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)) + "-";
        Lab lab = new Lab(prefix, List.of(options));
        try {
            List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--prefix", prefix));
            cmd.addAll(lab.options);
            cmd.add("up");
            Shell.run(120, cmd).orFail("netns-lab.sh up");
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The director's ipvsadm control socket in this lab (LVS4J_CONTROL for bin/ipvsadm). */
    String control() {
        return "/run/lvs4j-lab/" + prefix + "/ctl.sock";
    }

    /** bin/ipvsadm on this lab's director (through its control socket), from the host. */
    Shell.Result ipvsadm(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LVS4J_CONTROL=" + control(), IPVSADM.toString()));
        cmd.addAll(List.of(args));
        return Shell.run(30, cmd);
    }

    /** The real server's own address: rs1 → 10.0.0.11. */
    static String rs(int n) {
        return "10.0.0." + (10 + n);
    }

    String ns(String host) {
        return prefix + host;
    }

    Shell.Result exec(int timeoutSeconds, String host, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        c.addAll(List.of(command));
        return Shell.run(timeoutSeconds, c);
    }

    /** The MAC of a host's eth0, as the other hosts see it. */
    String mac(String host) {
        return exec(5, host, "cat", "/sys/class/net/eth0/address").orFail("read MAC").out().strip();
    }

    /**
     * {@code n} sequential HTTP GETs from the client to the VIP, each a new connection; the answers
     * in order. Each may take 20 s: on a busy machine a SYN can wait for its retransmission.
     *
     * <p>Each from a client port of its own, below the kernel's ephemeral range: the kernel may
     * pick a port again while the director still holds its FIN_WAIT entry (its port choice is
     * shared with every namespace's connections to the same address, other labs' included), and
     * such a request continues the old entry, as with IPVS, instead of being scheduled.
     */
    List<String> get(int n) {
        int first = clientPorts(n);
        String script = "for i in $(seq " + first + " " + (first + n - 1) + "); do curl -s -m 20 --local-port \"$i\""
                + " http://" + VIP + "/ || echo FAILED; done";
        String out = exec(120 + 5 * n, "client", "sh", "-c", script).orFail("curl loop").out();
        return out.lines().toList();
    }

    /**
     * Reserves {@code n} client ports, below the kernel's ephemeral range (from 32768), none
     * handed out twice in this lab; returns the first.
     */
    synchronized int clientPorts(int n) {
        if (nextClientPort + n > 32_768) {
            throw new IllegalStateException("no " + n + " client ports left below 32768 (next " + nextClientPort + ")");
        }
        int first = nextClientPort;
        nextClientPort += n;
        return first;
    }

    @Override
    public void close() {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--prefix", prefix));
        cmd.addAll(options);
        cmd.add("down");
        Shell.run(60, cmd);
    }

    private static void checkPrerequisites() {
        requirePrerequisites("lab", List.of("ip", "curl", "tcpdump", "python3", "ethtool"), List.of());
    }

    /**
     * Root, the tools and the files a lab test needs, and the built jar. Missing ones skip the
     * test, except under CI=true, where a lab test that cannot run fails instead.
     */
    static void requirePrerequisites(String what, List<String> tools, List<Path> files) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String tool : tools) {
            if (Shell.run(5, "sh", "-c", "command -v " + tool).exit() != 0) {
                missing.add(tool);
            }
        }
        for (Path file : files) {
            if (!Files.exists(file)) {
                missing.add(file.toString());
            }
        }
        if (!Files.isRegularFile(JAR)) {
            missing.add(JAR + " (run mvn package first)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = what + " prerequisites missing: " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }
}
