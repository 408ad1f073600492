package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two directors of a {@code netns-lab.sh --ha} lab, driven as the script's ha_* functions
 * drive them: lvs4j in VIP mode kernel on the shared keepalived.conf, its sync daemons through the
 * ipvsadm shim, keepalived --vrrp with pid files of its own, and a crash of the whole director.
 * close() kills whatever still runs (the lab's down removes the rest).
 */
final class HaPair implements AutoCloseable {
    static final String ECHO_PORT = "7";
    static final String PERSISTENT_PORT = "8080";
    private static final Path SHIM = Lab.REPO.resolve("bin/ipvsadm");

    private final Lab lab;
    private final Path state;
    private final List<Process> processes = new ArrayList<>();

    HaPair(Lab lab) {
        this.lab = lab;
        this.state = Path.of("/run/lvs4j-lab", lab.prefix);
    }

    Path socket(int n) {
        return state.resolve("dir" + n + ".sock");
    }

    /** lvs4j on dirN; returns once its control socket answers. */
    void startDirector(int n) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns("dir" + n), "java", "-jar", Lab.JAR.toString(),
                "run", "-i", "eth0", "--vip-mode", "kernel", "--keepalived", state.resolve("keepalived.conf").toString(),
                "--control", socket(n).toString())
                .redirectOutput(state.resolve("dir" + n + "-lvs4j.out").toFile())
                .redirectError(state.resolve("dir" + n + "-lvs4j.log").toFile()).start();
        processes.add(p);
        Files.writeString(state.resolve("dir" + n + "-lvs4j.pid"), p.pid() + "\n");
        if (!Shell.await(60_000, () -> !p.isAlive() || ipvsadm(n, "-Ln").exit() == 0) || !p.isAlive()) {
            throw new AssertionError("lvs4j on dir" + n + " did not start: " + log(n));
        }
    }

    /** Both sync daemons on dirN, master and backup at once. */
    void startSync(int n) {
        for (String role : List.of("master", "backup")) {
            ipvsadm(n, "--start-daemon", role, "--mcast-interface", "eth0", "--syncid", "51")
                    .orFail("ipvsadm --start-daemon " + role + " on dir" + n);
        }
    }

    void startKeepalived(int n) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns("dir" + n), "keepalived", "--vrrp",
                "--dont-fork", "--log-console", "--log-detail", "--use-file", state.resolve("keepalived.conf").toString(),
                "--config-id", "dir" + n, "--pid", state.resolve("dir" + n + "-keepalived.pid").toString(),
                "--vrrp_pid", state.resolve("dir" + n + "-vrrp.pid").toString())
                .redirectErrorStream(true).redirectOutput(state.resolve("dir" + n + "-keepalived.log").toFile()).start();
        processes.add(p);
    }

    /**
     * dirN fails as a whole, as netns-lab.sh's ha_crash: keepalived (its parent stopped first, so it
     * cannot restart the VRRP child) and lvs4j SIGKILLed, its NIC gone from the LAN. Returns the
     * wall-clock ms at which its VRRP process was killed (its adverts stop there).
     */
    long crash(int n) {
        String killed = Shell.run(30, "bash", "-c", "S=" + state + "; p=$(cat $S/dir" + n + "-keepalived.pid); c=$(cat $S/dir"
                + n + "-vrrp.pid); kill -STOP $p; kill -9 $c; date +%s%3N; kill -9 $p; kill -9 $(cat $S/dir" + n + "-lvs4j.pid)")
                .orFail("kill dir" + n).out().strip();
        lab.exec(10, "dir" + n, "ip", "link", "set", "eth0", "down").orFail("dir" + n + " NIC down");
        return Long.parseLong(killed);
    }

    /** dirN boots again (ha_revive): no VIP on its NIC, NIC up. */
    void revive(int n) {
        lab.exec(10, "dir" + n, "ip", "addr", "del", Lab.VIP + "/32", "dev", "eth0");
        lab.exec(10, "dir" + n, "ip", "link", "set", "eth0", "up").orFail("dir" + n + " NIC up");
    }

    /** True when the VIP is an address of dirN's eth0. */
    boolean holdsVip(int n) {
        return lab.exec(10, "dir" + n, "ip", "-o", "-4", "addr", "show", "dev", "eth0").out()
                .contains(" " + Lab.VIP + "/");
    }

    /**
     * Waits up to {@code seconds} for the VIP on dirN's eth0, looking every 10 ms from inside its
     * namespace (finer than a poll from here); returns the wall-clock ms it was seen, or -1.
     */
    long vipSeenAt(int n, int seconds) {
        Shell.Result r = lab.exec(seconds + 10, "dir" + n, "timeout", String.valueOf(seconds), "sh", "-c",
                "until ip -o -4 addr show dev eth0 | grep -q ' " + Lab.VIP + "/'; do sleep 0.01; done; date +%s%3N");
        return r.exit() == 0 ? Long.parseLong(r.out().strip()) : -1;
    }

    Shell.Result ipvsadm(int n, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LVS4J_CONTROL=" + socket(n), SHIM.toString()));
        cmd.addAll(List.of(args));
        return Shell.run(30, cmd);
    }

    /** Established entries to the echo service in dirN's table (synced or its own). */
    long establishedEcho(int n) {
        return ipvsadm(n, "-Lnc").out().lines()
                .filter(l -> l.contains("ESTABLISHED") && l.contains(Lab.VIP + ":" + ECHO_PORT + " ")).count();
    }

    /** True when dirN holds the client's persistence template for the persistent service. */
    boolean hasTemplate(int n) {
        return ipvsadm(n, "-Lnc").out().lines()
                .anyMatch(l -> l.contains(Lab.CLIENT_IP + ":0 ") && l.contains(Lab.VIP + ":" + PERSISTENT_PORT + " "));
    }

    /** How often dirN's keepalived has entered VRRP MASTER state so far (its log's transitions). */
    long masterTransitions(int n) {
        try {
            return Files.readAllLines(state.resolve("dir" + n + "-keepalived.log")).stream()
                    .filter(l -> l.contains("Entering MASTER STATE")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    String log(int n) {
        try {
            return Files.readString(state.resolve("dir" + n + "-lvs4j.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }
}
