package io.lvs4j.cli.vagrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vagrant lab, as far as a machine without VMs can take it: the Vagrantfile validated by
 * Vagrant itself (and a broken copy rejected), every script in vagrant/ shellcheck-clean, and
 * the provisioning scripts run for real in network namespaces standing in for the VMs (client,
 * director, rs1, rs2 on a bridge in a switch namespace, 192.168.56.0/24 as in the Vagrantfile),
 * the director started with the command of the unit they write, and check.sh passing on the
 * client. Without a prerequisite the tests are skipped, except under CI=true, where they fail.
 */
@Tag("lab")
class VagrantLabIT {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path VAGRANTFILE = REPO.resolve("Vagrantfile");
    private static final Path SCRIPTS = REPO.resolve("vagrant");
    private static final Path JAR = REPO.resolve("cli/target/lvs4j.jar");
    private static final String VIP = "192.168.56.100";
    private static final List<String> REAL_SERVERS = List.of("rs1", "rs2");

    @TempDir
    Path tmp;

    // ---- vagrant validate ----------------------------------------------------------------

    @Test
    void vagrantValidatePassesOnTheVagrantfile() throws IOException {
        require(onPath("vagrant"), "vagrant (apt-get install vagrant)");
        Run plain = validate(REPO, Map.of(), "--ignore-provider");
        assertEquals(0, plain.exit, "vagrant validate --ignore-provider:\n" + plain.output);
        // Every plan the README mentions must load, not only the default one.
        Run tun = validate(REPO, Map.of("LVS4J_MODE", "tun", "LVS4J_RS", "3", "LVS4J_SCHED", "wlc"), "--ignore-provider");
        assertEquals(0, tun.exit, "vagrant validate with LVS4J_MODE=tun LVS4J_RS=3:\n" + tun.output);
        // The provider blocks are only checked by a provider that is installed: libvirt here
        // (Debian has no VirtualBox, so its block is loaded but not checked).
        require(libvirtPlugin(), "the vagrant-libvirt plugin (apt-get install vagrant-libvirt)");
        Run libvirt = validate(REPO, Map.of("VAGRANT_DEFAULT_PROVIDER", "libvirt"));
        assertEquals(0, libvirt.exit, "vagrant validate (libvirt provider):\n" + libvirt.output);
    }

    @Test
    void vagrantValidateFailsOnBrokenCopies() throws IOException {
        require(onPath("vagrant"), "vagrant (apt-get install vagrant)");
        String good = Files.readString(VAGRANTFILE);

        Path unknownSetting = copyWith(good, "config.vm.box = BOX", "config.vm.boxx = BOX", "unknown-setting");
        Run r = validate(unknownSetting, Map.of(), "--ignore-provider");
        assertNotEquals(0, r.exit, "a Vagrantfile with config.vm.boxx passed validation:\n" + r.output);
        assertTrue(r.output.contains("boxx"), "the error should name the bad setting:\n" + r.output);

        Path syntax = copyWith(good, "Vagrant.configure(\"2\") do |config|", "Vagrant.configure(\"2\") do |config| (", "syntax");
        r = validate(syntax, Map.of(), "--ignore-provider");
        assertNotEquals(0, r.exit, "a Vagrantfile with a Ruby syntax error passed validation:\n" + r.output);

        r = validate(REPO, Map.of("LVS4J_MODE", "nat"), "--ignore-provider");
        assertNotEquals(0, r.exit, "LVS4J_MODE=nat passed validation:\n" + r.output);
        assertTrue(r.output.contains("LVS4J_MODE=nat"), "the error should name the bad setting:\n" + r.output);
        r = validate(REPO, Map.of("LVS4J_RS", "10"), "--ignore-provider");
        assertNotEquals(0, r.exit, "LVS4J_RS=10 (collides with the client's .20) passed validation:\n" + r.output);

        require(libvirtPlugin(), "the vagrant-libvirt plugin (apt-get install vagrant-libvirt)");
        Path libvirtTypo = copyWith(good, "lv.memory = memory", "lv.memroy = memory", "libvirt-typo");
        r = validate(libvirtTypo, Map.of("VAGRANT_DEFAULT_PROVIDER", "libvirt"));
        assertNotEquals(0, r.exit, "a libvirt block with lv.memroy passed validation:\n" + r.output);
    }

    // ---- shellcheck ----------------------------------------------------------------------

    @Test
    void everyScriptInVagrantIsShellcheckClean() throws IOException {
        require(onPath("shellcheck"), "shellcheck (apt-get install shellcheck)");
        List<String> scripts;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            scripts = files.filter(p -> p.toString().endsWith(".sh")).map(Path::toString).sorted().toList();
        }
        assertTrue(scripts.size() >= 5, "expected the lab's scripts in " + SCRIPTS + ", found " + scripts);
        List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources", "--severity=style"));
        command.addAll(scripts);
        Run r = run(60, command, Map.of(), null);
        assertEquals(0, r.exit, "shellcheck " + scripts + ":\n" + r.output);
    }

    // ---- the provisioning, for real, in network namespaces -------------------------------

    @Test
    void provisionedNamespacesAnswerThroughTheVip() throws Exception {
        requireLabTools();
        Namespaces lab = new Namespaces("l4jv" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)) + "-");
        Process director = null;
        try {
            lab.bridge();
            lab.host("client", "192.168.56.20");
            lab.host("director", "192.168.56.10");
            lab.host("rs1", "192.168.56.11");
            lab.host("rs2", "192.168.56.12");

            for (String rs : REAL_SERVERS) {
                Run r = lab.exec(120, rs, provisionEnv(rs), "sh", SCRIPTS.resolve("provision-realserver.sh").toString(), rs, VIP, "dr");
                assertEquals(0, r.exit, "provision-realserver.sh " + rs + ":\n" + r.output);
                Run status = lab.exec(10, rs, Map.of("LVS4J_STATE_DIR", tmp.resolve("state").toString()),
                        tmp.resolve(rs + "/sbin/lvs4j-rs.sh").toString(), "status");
                assertEquals(0, status.exit, "the generated real-server setup is not in place on " + rs + ":\n" + status.output);
            }

            // `vagrant provision` runs the scripts again: they must take a second run.
            Run again = lab.exec(120, "rs1", provisionEnv("rs1"), "sh", SCRIPTS.resolve("provision-realserver.sh").toString(), "rs1", VIP, "dr");
            assertEquals(0, again.exit, "provision-realserver.sh rs1, second run:\n" + again.output);

            Run d = null;
            for (int run = 1; run <= 2; run++) {
                d = lab.exec(120, "director", provisionEnv("director"), "sh", SCRIPTS.resolve("provision-director.sh").toString());
                assertEquals(0, d.exit, "provision-director.sh, run " + run + ":\n" + d.output);
            }
            assertEquals(List.of("-A -t 192.168.56.100:80 -s rr",
                            "-a -t 192.168.56.100:80 -r 192.168.56.11:80 -g -w 1",
                            "-a -t 192.168.56.100:80 -r 192.168.56.12:80 -g -w 1"),
                    Files.readAllLines(tmp.resolve("director/etc/rules")).stream().filter(l -> !l.startsWith("#")).toList());
            assertEquals("0", lab.exec(5, "director", Map.of(), "cat", "/proc/sys/net/ipv4/ip_forward").output.strip(),
                    "director-setup's script should have set ip_forward=0");

            // The director, started with exactly the command of the systemd unit the script wrote.
            List<String> execStart = execStart(tmp.resolve("director/units/lvs4j.service"));
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.name("director")));
            command.addAll(execStart);
            Path directorLog = tmp.resolve("director.log");
            director = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(directorLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();

            Run c = lab.exec(120, "client", provisionEnv("client"), "sh", SCRIPTS.resolve("provision-client.sh").toString());
            assertEquals(0, c.exit, "provision-client.sh:\n" + c.output);
            // check.sh waits 15 s for a first answer, not for both servers: a JVM starting on a busy
            // machine may take longer, so wait here until the director knows both servers' MACs.
            awaitLog(directorLog, 60_000, s -> s.split(" is at ", -1).length - 1 >= REAL_SERVERS.size());

            Run check = lab.exec(120, "client", Map.of(), "sh", SCRIPTS.resolve("check.sh").toString());
            String context = "check.sh:\n" + check.output + "\ndirector log:\n" + Files.readString(directorLog);
            assertEquals(0, check.exit, context);
            Map<String, Integer> perServer = perServer(check.output);
            assertEquals(REAL_SERVERS, List.copyOf(perServer.keySet()), context);
            perServer.forEach((rs, n) -> assertTrue(n > 0, rs + " got no request\n" + context));
            assertEquals(20, perServer.values().stream().mapToInt(Integer::intValue).sum(), context);
            assertTrue(director.isAlive(), "the director exited:\n" + Files.readString(directorLog));

            // check.sh must fail when a real server stops answering (its reason to exist).
            Path pidFile = tmp.resolve("rs2/run/rs2-httpd.pid");
            String rs2Httpd = Files.readString(pidFile).strip();
            lab.exec(5, "rs2", Map.of(), "kill", rs2Httpd);
            for (long end = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < end
                    && running(rs2Httpd); ) {
                sleep(50); // until rs2's web server is gone, not merely signalled
            }
            Run broken = lab.exec(60, "client", Map.of("LVS4J_WAIT", "1"), "sh", SCRIPTS.resolve("check.sh").toString(), "--requests", "4");
            assertEquals(1, broken.exit, "check.sh with rs2's web server stopped:\n" + broken.output);
            assertTrue(broken.output.contains("FAILED"), broken.output);
        } finally {
            if (director != null) {
                director.destroy();
                if (!director.waitFor(5, TimeUnit.SECONDS)) {
                    director.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            lab.close();
        }
    }

    @Test
    void tunProvisioningUsesTunl0OrSaysWhyNot() throws Exception {
        requireLabTools();
        Namespaces lab = new Namespaces("l4jt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)) + "-");
        try {
            lab.bridge();
            lab.host("director", "192.168.56.10");
            lab.host("rs1", "192.168.56.11");
            Map<String, String> env = new HashMap<>(provisionEnv("director"));
            env.put("LVS4J_MODE", "tun");
            env.put("LVS4J_RS", "1");
            env.put("LVS4J_SCHED", "wrr");
            Run d = lab.exec(120, "director", env, "sh", SCRIPTS.resolve("provision-director.sh").toString());
            assertEquals(0, d.exit, "provision-director.sh (tun):\n" + d.output);
            assertEquals(List.of("-A -t 192.168.56.100:80 -s wrr", "-a -t 192.168.56.100:80 -r 192.168.56.11:80 -i -w 1"),
                    Files.readAllLines(tmp.resolve("director/etc/rules")).stream().filter(l -> !l.startsWith("#")).toList());

            boolean ipip = lab.exec(5, "rs1", Map.of(), "ip", "link", "add", "tunl0", "type", "ipip").exit == 0
                    || lab.exec(5, "rs1", Map.of(), "ip", "link", "show", "tunl0").exit == 0;
            Run rs = lab.exec(120, "rs1", provisionEnv("rs1"), "sh", SCRIPTS.resolve("provision-realserver.sh").toString(), "rs1", VIP, "tun");
            if (ipip) {
                assertEquals(0, rs.exit, "provision-realserver.sh rs1 (tun, ipip present):\n" + rs.output);
                assertTrue(lab.exec(5, "rs1", Map.of(), "ip", "-o", "addr", "show", "dev", "tunl0").output.contains(VIP + "/32"));
            } else {
                // This kernel has no ipip (our CI's): provisioning must stop and point at lvs4j decap.
                assertNotEquals(0, rs.exit, "provision-realserver.sh (tun) passed without ipip:\n" + rs.output);
                assertTrue(rs.output.contains("lvs4j decap"), "the failure should name lvs4j decap:\n" + rs.output);
            }
        } finally {
            lab.close();
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** What a namespace host's provisioning is told: no apt, no systemd, files in the temp dir. */
    private Map<String, String> provisionEnv(String host) {
        Path dir = tmp.resolve(host);
        Map<String, String> env = new HashMap<>();
        env.put("LVS4J_SKIP_APT", "1");
        env.put("LVS4J_SERVICES", "none");
        env.put("LVS4J_HTTPD", "rs-httpd");
        env.put("LVS4J_JAR", JAR.toString());
        env.put("LVS4J_STATE_DIR", tmp.resolve("state").toString());
        env.put("LVS4J_ETC", dir.resolve("etc").toString());
        env.put("LVS4J_LIB", dir.resolve("lib").toString());
        env.put("LVS4J_SBIN", dir.resolve("sbin").toString());
        env.put("LVS4J_UNIT_DIR", dir.resolve("units").toString());
        env.put("LVS4J_RUN", dir.resolve("run").toString());
        return env;
    }

    private static List<String> execStart(Path unit) throws IOException {
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith("ExecStart=")) {
                return List.of(line.substring("ExecStart=".length()).trim().split("\\s+"));
            }
        }
        throw new AssertionError("no ExecStart= in " + unit + ":\n" + Files.readString(unit));
    }

    /** check.sh's "answers per server:" block: name -> count, in its order. */
    private static Map<String, Integer> perServer(String output) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int start = output.indexOf("answers per server:");
        assertTrue(start >= 0, "no per-server block in:\n" + output);
        Matcher m = Pattern.compile("(?m)^  (rs\\d+)\\s+(\\d+)$").matcher(output.substring(start));
        while (m.find()) {
            counts.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return counts;
    }

    private Path copyWith(String text, String from, String to, String dirName) throws IOException {
        assertTrue(text.contains(from), "the Vagrantfile no longer contains '" + from + "': update this test");
        Path dir = Files.createDirectories(tmp.resolve(dirName));
        Files.writeString(dir.resolve("Vagrantfile"), text.replace(from, to));
        return dir;
    }

    /** vagrant validate on dir's Vagrantfile; its .vagrant and data dirs stay in the temp dir. */
    private Run validate(Path dir, Map<String, String> extraEnv, String... options) throws IOException {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("VAGRANT_CWD", dir.toString());
        env.put("VAGRANT_DOTFILE_PATH", tmp.resolve("dot-vagrant").toString());
        env.put("VAGRANT_NO_COLOR", "1");
        env.put("VAGRANT_CHECKPOINT_DISABLE", "1");
        List<String> command = new ArrayList<>(List.of("vagrant", "validate"));
        command.addAll(List.of(options));
        return run(120, command, env, dir);
    }

    private boolean libvirtPlugin() throws IOException {
        Run r = run(60, List.of("vagrant", "plugin", "list"), Map.of("VAGRANT_CHECKPOINT_DISABLE", "1"), tmp);
        return r.exit == 0 && r.output.contains("vagrant-libvirt");
    }

    private static void requireLabTools() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String tool : List.of("ip", "curl", "python3", "java", "setsid")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!Files.isRegularFile(JAR)) {
            missing.add(JAR + " (mvn -B -q package -DskipTests first)");
        }
        require(missing.isEmpty(), String.join(", ", missing));
    }

    private static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("prerequisite missing: " + what + " (CI=true: the Vagrant lab tests must run)");
        }
        Assumptions.abort("prerequisite missing: " + what);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** A process that exists and is not a zombie waiting for its parent. */
    private static boolean running(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls a log file until {@code done} holds for its text, at most {@code millis}. */
    private static void awaitLog(Path log, long millis, java.util.function.Predicate<String> done) throws IOException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end && !done.test(Files.readString(log))) {
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Run(int exit, String output) {
    }

    /** Runs a command with a time limit; stdout and stderr together, from a file (never a pipe
     * a detached child could hold open). */
    private static Run run(int timeoutSeconds, List<String> command, Map<String, String> env, Path cwd) throws IOException {
        Path out = Files.createTempFile("vagrant-lab", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                            + "\n" + Files.readString(out));
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted: " + command, e);
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The lab's namespaces, all named PREFIX + host; close() kills their processes and deletes them. */
    private static final class Namespaces implements AutoCloseable {
        private final String prefix;
        private final List<String> created = new ArrayList<>();

        Namespaces(String prefix) {
            this.prefix = prefix;
        }

        String name(String host) {
            return prefix + host;
        }

        void bridge() throws IOException {
            add("sw");
            ip("-n", name("sw"), "link", "add", "br0", "type", "bridge");
            ip("-n", name("sw"), "link", "set", "br0", "up");
        }

        /** A host: its eth0 in its own namespace, the peer on the switch's bridge. */
        void host(String host, String address) throws IOException {
            add(host);
            ip("-n", name("sw"), "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", name(host));
            ip("-n", name("sw"), "link", "set", host, "master", "br0", "up");
            ip("-n", name(host), "link", "set", "lo", "up");
            ip("-n", name(host), "addr", "add", address + "/24", "dev", "eth0");
            ip("-n", name(host), "link", "set", "eth0", "up");
        }

        Run exec(int timeoutSeconds, String host, Map<String, String> env, String... command) throws IOException {
            List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name(host), "env"));
            env.forEach((k, v) -> c.add(k + "=" + v));
            c.addAll(List.of(command));
            return run(timeoutSeconds, c, Map.of(), null);
        }

        private void add(String host) throws IOException {
            ip("netns", "add", name(host));
            created.add(name(host));
        }

        private static void ip(String... args) throws IOException {
            List<String> c = new ArrayList<>(List.of("ip"));
            c.addAll(List.of(args));
            Run r = run(10, c, Map.of(), null);
            if (r.exit != 0) {
                throw new AssertionError(String.join(" ", c) + " failed (exit " + r.exit + "): " + r.output);
            }
        }

        /** Kills what runs in our namespaces (the web servers, the director), then deletes them. */
        @Override
        public void close() throws IOException {
            for (String signal : List.of("-TERM", "-KILL")) {
                for (String ns : created) {
                    for (String pid : run(10, List.of("ip", "netns", "pids", ns), Map.of(), null).output.split("\\s+")) {
                        if (!pid.isBlank()) {
                            run(5, List.of("kill", signal, pid.strip()), Map.of(), null);
                        }
                    }
                }
                sleep(200);
            }
            for (String ns : created) {
                run(10, List.of("ip", "netns", "del", ns), Map.of(), null);
            }
            created.clear();
        }
    }
}
