package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `lvs4j run` as user nobody with CAP_NET_RAW and CAP_NET_ADMIN as ambient capabilities (what
 * systemd's AmbientCapabilities gives a service user): it directs real client traffic, answers its
 * own user's ipvsadm, and without either capability it names the one that is missing.
 */
@Tag("lab")
class LeastPrivilegeLabIT {
    private static final String NOBODY = "65534";
    private static final String RULES = "-A -t 10.0.0.100:80 -s rr\n"
            + "-a -t 10.0.0.100:80 -r 10.0.0.11:80 -g -w 1\n"
            + "-a -t 10.0.0.100:80 -r 10.0.0.12:80 -g -w 1\n";

    @Test
    void aServiceUserWithTwoCapabilitiesDirectsTraffic() throws Exception {
        Lab.requirePrerequisites("least-privilege lab", List.of("setpriv", "ip", "curl"), List.of());
        Path dir = Files.createTempDirectory("lvs4j-capabilities");
        try (Lab lab = Lab.up()) {
            // what a service user can read: the jar and the rules; its own 0700 directory for the socket
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jar = Files.copy(Lab.JAR, dir.resolve("lvs4j.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            Path rules = Files.writeString(dir.resolve("rules"), RULES);
            Files.setPosixFilePermissions(rules, PosixFilePermissions.fromString("rw-r--r--"));
            Path run = Files.createDirectory(dir.resolve("run"));
            Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
            Files.setAttribute(run, "unix:uid", Integer.parseInt(NOBODY));
            String socket = run.resolve("ctl.sock").toString();
            List<String> command = List.of("java", "-jar", jar.toString(), "run", "-i", "eth0", "-f", rules.toString(),
                    "--control", socket, "--io");
            // --io auto, whatever $LVS4J_IO says: the unit's two capabilities are enough for it (not for xdp, below).
            List<String> director = new ArrayList<>(command);
            director.add("auto");

            Shell.Result none = lab.exec(60, "director", asNobody(dir, "", director).toArray(String[]::new));
            assertEquals(2, none.exit(), none.err());
            assertEquals("lvs4j run: run needs CAP_NET_RAW and CAP_NET_ADMIN (missing: CAP_NET_RAW, CAP_NET_ADMIN);"
                    + " run it as root (sudo ./lvs4j run …) or grant them, e.g. systemd"
                    + " AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN", none.err().strip());
            Shell.Result rawOnly = lab.exec(60, "director", asNobody(dir, "+net_raw", director).toArray(String[]::new));
            assertEquals(2, rawOnly.exit(), rawOnly.err());
            assertTrue(rawOnly.err().strip().contains("(missing: CAP_NET_ADMIN);"), rawOnly.err());

            List<String> xdp = new ArrayList<>(command);
            xdp.add("xdp");
            Shell.Result noBpf = lab.exec(60, "director", asNobody(dir, "+net_raw,+net_admin", xdp).toArray(String[]::new));
            assertEquals(2, noBpf.exit(), noBpf.err());
            assertEquals("lvs4j run: --io xdp needs CAP_BPF as well as CAP_NET_RAW and CAP_NET_ADMIN; run it as root"
                    + " or grant it, e.g. systemd AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN CAP_BPF",
                    noBpf.err().strip());

            List<String> both = new ArrayList<>(List.of("ip", "netns", "exec", lab.ns("director")));
            both.addAll(asNobody(dir, "+net_raw,+net_admin", director));
            Path err = dir.resolve("director.err");
            Process p = new ProcessBuilder(both).redirectOutput(dir.resolve("director.out").toFile())
                    .redirectError(err.toFile()).start();
            try {
                assertTrue(Shell.await(60_000, () -> !p.isAlive() || read(err).split(" is at ", -1).length - 1 >= 2),
                        "the director as nobody did not resolve both real servers: " + read(err));
                assertTrue(p.isAlive(), read(err));

                List<String> answers = lab.get(10);
                Map<String, Integer> split = new TreeMap<>();
                for (String a : answers) {
                    split.merge(a.strip(), 1, Integer::sum);
                }
                assertEquals(Map.of("rs1", 5, "rs2", 5), split, "10 requests with rr over two servers: " + answers);

                // the director's own user may use its socket; root's client will not trust a socket nobody owns
                Shell.Result own = lab.exec(60, "director", asNobody(dir, "", List.of("env", "LVS4J_CONTROL=" + socket,
                        "java", "-jar", jar.toString(), "ipvsadm", "-Ln")).toArray(String[]::new));
                assertEquals(0, own.exit(), own.err());
                assertTrue(own.out().contains("  -> 10.0.0.11:80                 Route   1"), own.out());
                assertTrue(own.out().contains("  -> 10.0.0.12:80                 Route   1"), own.out());
                Shell.Result root = Shell.run(60, "env", "LVS4J_CONTROL=" + socket, "java", "-jar", jar.toString(),
                        "ipvsadm", "-Ln");
                assertEquals(2, root.exit());
                assertEquals("lvs4j ipvsadm: refusing the control socket: " + socket + " is owned by uid " + NOBODY
                        + ", not by root: it may not be the director's", root.err().strip());
            } finally {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            String summary = read(dir.resolve("director.out"));
            assertTrue(summary.contains("TCP 10.0.0.100:80 rr: conns 10,"), summary);
        } finally {
            Shell.run(30, "rm", "-rf", dir.toString());
        }
    }

    /** {@code command} as uid/gid nobody, with {@code caps} ("+net_raw,…") inherited and ambient, or none. */
    private static List<String> asNobody(Path home, String caps, List<String> command) {
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        if (!caps.isEmpty()) {
            c.addAll(List.of("--inh-caps=" + caps, "--ambient-caps=" + caps));
        }
        c.addAll(List.of("env", "HOME=" + home));
        c.addAll(command);
        return Collections.unmodifiableList(c);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
