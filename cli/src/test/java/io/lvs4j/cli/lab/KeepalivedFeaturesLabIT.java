package io.lvs4j.cli.lab;

import static io.lvs4j.cli.lab.KeepalivedLabIT.awaitChecked;
import static io.lvs4j.cli.lab.KeepalivedLabIT.awaitTable;
import static io.lvs4j.cli.lab.KeepalivedLabIT.table;
import static io.lvs4j.cli.lab.KeepalivedLabIT.tally;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's virtual_server features under {@code lvs4j run --keepalived}, seen as an operator
 * sees them: ipvsadm -Ln, the answers a client gets, the files the scripts write. One lab with
 * three real servers (rs3 is the sorry server); every test starts its own director.
 */
@Tag("lab")
class KeepalivedFeaturesLabIT {
    private static final Path HELD_UPLOAD = Lab.REPO.resolve("cli/src/test/resources/lab/held-upload.py");
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up("--servers", "3");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    /** A real_server block with an HTTP_GET of / every second, down after two failures. */
    private static String httpChecked(String rs, int weight, String extra) {
        return "    real_server " + rs + " 80 {\n"
                + "        weight " + weight + "\n"
                + extra
                + "        HTTP_GET {\n"
                + "            url {\n"
                + "                path /\n"
                + "                status_code 200\n"
                + "            }\n"
                + "            connect_timeout 1\n"
                + "            retry 1\n"
                + "            delay_before_retry 1\n"
                + "        }\n"
                + "    }\n";
    }

    private static String virtualServer(String scheduler, String extra, String realServers) {
        return "virtual_server 10.0.0.100 80 {\n"
                + "    delay_loop 1\n"
                + "    lb_algo " + scheduler + "\n"
                + "    lb_kind DR\n"
                + "    protocol TCP\n"
                + extra
                + realServers
                + "}\n";
    }

    @Test
    void inhibitOnFailureKeepsADownServerAtWeightZero() throws Exception {
        String conf = virtualServer("rr", "", httpChecked(Lab.RS1, 1, "        inhibit_on_failure\n")
                + httpChecked(Lab.RS2, 1, ""));
        try (KeepalivedDirector director = KeepalivedDirector.start(lab, conf, Lab.RS1, Lab.RS2)) {
            awaitChecked(director, Lab.RS1);
            awaitChecked(director, Lab.RS2);
            LabHttpd.stop(lab, "rs1");
            List<String> down = awaitTable(director, t -> t.contains("10.0.0.11:80 Route 0"));
            assertEquals(List.of("TCP 10.0.0.100:80 rr", "10.0.0.11:80 Route 0", "10.0.0.12:80 Route 1"), down,
                    "ipvsadm -Ln while rs1 is down: still listed, weight 0");
            assertFalse(ChecksListing.of(director.checks(), Lab.RS1).up(), "lvs4j checks: rs1's check down");
            assertEquals(Map.of("rs2", 6L), tally(lab.get(6)), "weight 0 takes no new connection");

            LabHttpd.start(lab, "rs1");
            List<String> back = awaitTable(director, t -> t.contains("10.0.0.11:80 Route 1"));
            assertEquals(List.of("TCP 10.0.0.100:80 rr", "10.0.0.11:80 Route 1", "10.0.0.12:80 Route 1"), back,
                    "ipvsadm -Ln once rs1 is back");
            assertEquals(Map.of("rs1", 2L, "rs2", 2L), tally(lab.get(4)), "rr over both again");
            director.stop();
        } finally {
            LabHttpd.ensureRunning(lab, "rs1");
        }
    }

    @Test
    void theSorryServerAnswersWhileBothAreDownAndStopsWhenOneIsBack() throws Exception {
        String conf = virtualServer("rr", "    sorry_server " + Lab.rs(3) + " 80\n",
                httpChecked(Lab.RS1, 1, "") + httpChecked(Lab.RS2, 1, ""));
        try (KeepalivedDirector director = KeepalivedDirector.start(lab, conf, Lab.RS1, Lab.RS2)) {
            awaitChecked(director, Lab.RS1);
            awaitChecked(director, Lab.RS2);
            assertFalse(director.ipvsadm("-Ln").contains(Lab.rs(3)), "no sorry server while the real servers are up");
            LabHttpd.stop(lab, "rs1");
            LabHttpd.stop(lab, "rs2");
            List<String> sorry = awaitTable(director, t -> !listed(t, Lab.RS1) && !listed(t, Lab.RS2) && listed(t, Lab.rs(3)));
            assertEquals(List.of("TCP 10.0.0.100:80 rr", "10.0.0.13:80 Route 1"), sorry,
                    "ipvsadm -Ln with both real servers down: the sorry server alone");
            // The director learns rs3's MAC when it enters the table: the first answers may fail.
            assertTrue(Shell.await(20_000, () -> lab.get(1).equals(List.of("rs3"))), "the sorry server answers");
            assertEquals(Map.of("rs3", 4L), tally(lab.get(4)), "every request goes to the sorry server");

            LabHttpd.start(lab, "rs1");
            List<String> back = awaitTable(director, t -> listed(t, Lab.RS1) && !listed(t, Lab.rs(3)));
            assertEquals(List.of("TCP 10.0.0.100:80 rr", "10.0.0.11:80 Route 1"), back,
                    "ipvsadm -Ln with rs1 back: the sorry server is gone");
            assertEquals(Map.of("rs1", 4L), tally(lab.get(4)), "rs1 answers, the sorry server no longer");
            director.stop();
        } finally {
            LabHttpd.ensureRunning(lab, "rs1");
            LabHttpd.ensureRunning(lab, "rs2");
        }
    }

    /**
     * MISC_CHECK runs a script whose exit code the test writes into a file: rs1's decides up
     * or down; rs2's has misc_dynamic, so 2–255 also sets its weight to code − 2. An upload held
     * halfway on rs1 while rs1's script says down completes there (its connection is kept).
     */
    @Test
    void miscCheckScriptsDecideAndMiscDynamicSetsTheWeight(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("check.sh"), "exit \"$(cat \"$1\")\"\n");
        Path rs1Code = Files.writeString(dir.resolve("rs1.code"), "0\n");
        Path rs2Code = Files.writeString(dir.resolve("rs2.code"), "0\n");
        makeReadable(dir);
        String conf = virtualServer("wrr", "",
                miscChecked(Lab.RS1, "/bin/sh " + script + " " + rs1Code, false)
                + miscChecked(Lab.RS2, "/bin/sh " + script + " " + rs2Code, true));
        List<Process> background = new ArrayList<>();
        try (KeepalivedDirector director = KeepalivedDirector.start(lab, conf, Lab.RS1, Lab.RS2)) {
            awaitChecked(director, Lab.RS1);
            awaitChecked(director, Lab.RS2);
            assertEquals(List.of("TCP 10.0.0.100:80 wrr", "10.0.0.11:80 Route 1", "10.0.0.12:80 Route 1"),
                    table(director.ipvsadm("-Ln")), "both scripts exit 0");
            // an upload to rs1, held halfway: it must outlive rs1's removal by its check
            byte[] payload = new byte[64_000];
            ThreadLocalRandom.current().nextBytes(payload);
            Path body = Files.write(dir.resolve("upload.bin"), payload);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
            HeldUpload toRs1 = null;
            for (int n = 0; n < 4 && toRs1 == null; n++) {
                HeldUpload u = HeldUpload.start(dir, body, n);
                background.add(u.process);
                if (u.server(director).equals(Lab.RS1 + ":80")) {
                    toRs1 = u;
                } else {
                    u.finish();
                }
            }
            assertTrue(toRs1 != null, "wrr 1:1 sends one of four uploads to rs1: " + director.ipvsadm("-Lnc"));

            replace(rs2Code, "7\n");
            awaitTable(director, t -> t.contains("10.0.0.12:80 Route 5"));
            assertEquals(Map.of("rs1", 2L, "rs2", 10L), tally(lab.get(12)), "misc_dynamic exit 7: weight 5, wrr 1:5");

            replace(rs1Code, "1\n");
            List<String> rs1Down = awaitTable(director, t -> !listed(t, Lab.RS1));
            assertEquals(List.of("TCP 10.0.0.100:80 wrr", "10.0.0.12:80 Route 5"), rs1Down, "rs1's script exits 1");
            ChecksListing rs1 = ChecksListing.of(director.checks(), Lab.RS1);
            assertFalse(rs1.up(), "lvs4j checks: rs1 down");
            assertTrue(rs1.last().contains("exited 1"), "the reason names the exit code: " + rs1);
            assertEquals(Map.of("rs2", 4L), tally(lab.get(4)), "rs1 takes nothing while its script says down");
            assertEquals(Lab.RS1 + ":80", toRs1.server(director), "ipvsadm -Lnc: the upload's flow is still rs1's");
            assertEquals("rs1 sha256=" + sha + " bytes=64000 port=" + toRs1.port, toRs1.finish(),
                    "the upload established before rs1 went down completes on rs1");

            replace(rs1Code, "0\n");
            replace(rs2Code, "4\n");
            awaitTable(director, t -> t.contains("10.0.0.11:80 Route 1") && t.contains("10.0.0.12:80 Route 2"));
            assertEquals(Map.of("rs1", 2L, "rs2", 4L), tally(lab.get(6)), "rs1 back, rs2 at weight 2");

            replace(rs2Code, "1\n");
            List<String> rs2Down = awaitTable(director, t -> !listed(t, Lab.RS2));
            assertEquals(List.of("TCP 10.0.0.100:80 wrr", "10.0.0.11:80 Route 1"), rs2Down,
                    "misc_dynamic exit 1: down");
            director.stop();
        } finally {
            background.forEach(Process::destroyForcibly);
        }
    }

    /** held-upload.py in the client namespace: a POST held halfway until {@link #finish}. */
    private record HeldUpload(Process process, String port, Path answer) {
        static HeldUpload start(Path dir, Path body, int n) throws Exception {
            Path answer = dir.resolve("upload" + n + ".out");
            Path held = dir.resolve("upload" + n + ".held");
            Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns("client"), "python3", HELD_UPLOAD.toString(),
                    Lab.VIP, "80", body.toString()).redirectOutput(answer.toFile()).redirectError(held.toFile()).start();
            assertTrue(Shell.await(30_000, () -> read(held).contains("held port=")),
                    "upload " + n + " sent its first half: " + read(held));
            Matcher m = Pattern.compile("held port=(\\d+)").matcher(read(held));
            assertTrue(m.find());
            return new HeldUpload(p, m.group(1), answer);
        }

        /** The real server of this flow in ipvsadm -Lnc ("10.0.0.11:80"), waiting for it to be listed. */
        String server(KeepalivedDirector director) {
            String[] found = {null};
            assertTrue(Shell.await(30_000, () -> {
                for (String line : director.ipvsadm("-Lnc").split("\n")) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 6 && f[3].endsWith(":" + port)) {
                        found[0] = f[5];
                        return true;
                    }
                }
                return false;
            }), "ipvsadm -Lnc lists port " + port);
            return found[0];
        }

        /** Sends the rest; the answer: "rs1 sha256=… bytes=… port=P", or "no answer (…) port=P" when cut. */
        String finish() throws Exception {
            process.getOutputStream().close();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the upload ends");
            return Files.readString(answer).strip();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Gives {@code file} its new content at once: a check's script reads it at any time, and
     * Files.writeString truncates before it writes (a cat in between reads nothing, and `exit ""` exits 2).
     * The new content goes to a file beside it, created as the first one was (as readable by the director).
     */
    private static void replace(Path file, String content) throws IOException {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String miscChecked(String rs, String command, boolean dynamic) {
        return "    real_server " + rs + " 80 {\n"
                + "        weight 1\n"
                + "        MISC_CHECK {\n"
                + "            misc_path \"" + command + "\"\n"
                + "            misc_timeout 5\n"
                + (dynamic ? "            misc_dynamic\n" : "")
                + "        }\n"
                + "    }\n";
    }

    /**
     * quorum 2 over two servers of weight 1: rs1 down loses the quorum (quorum_down runs), rs1
     * back regains it (quorum_up runs). The scripts append their event to a file.
     */
    @Test
    void quorumRunsItsScriptsWhenTheQuorumIsLostAndRegained(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("quorum.events");
        Path script = Files.writeString(dir.resolve("quorum.sh"), "echo \"$1\" >> '" + events + "'\n");
        makeReadable(dir);
        String conf = virtualServer("rr", "    quorum 2\n"
                        + "    quorum_up \"/bin/sh " + script + " up\"\n"
                        + "    quorum_down \"/bin/sh " + script + " down\"\n",
                httpChecked(Lab.RS1, 1, "") + httpChecked(Lab.RS2, 1, ""));
        try (KeepalivedDirector director = KeepalivedDirector.start(lab, conf, Lab.RS1, Lab.RS2)) {
            awaitChecked(director, Lab.RS1);
            awaitChecked(director, Lab.RS2);
            assertFalse(lines(events).contains("down"), "quorum_down before anything went down: " + lines(events));
            int before = lines(events).size();

            LabHttpd.stop(lab, "rs1");
            assertTrue(Shell.await(30_000, () -> since(events, before).contains("down")),
                    "quorum_down ran after rs1 went down: " + lines(events) + "\n" + director.log());
            int afterDown = lines(events).size();
            assertEquals(List.of("down"), lines(events).subList(before, afterDown), "one quorum_down");

            LabHttpd.start(lab, "rs1");
            assertTrue(Shell.await(30_000, () -> since(events, afterDown).contains("up")),
                    "quorum_up ran after rs1 came back: " + lines(events) + "\n" + director.log());
            assertEquals(List.of("up"), since(events, afterDown), "one quorum_up");
            director.stop();
        } finally {
            LabHttpd.ensureRunning(lab, "rs1");
        }
    }

    /** Whether real server {@code rs} is in a {@link KeepalivedLabIT#table}. */
    private static boolean listed(List<String> table, String rs) {
        return table.stream().anyMatch(l -> l.startsWith(rs + ":"));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The file's lines after its first {@code skip}, from one read (the script may append meanwhile). */
    private static List<String> since(Path file, int skip) {
        List<String> all = lines(file);
        return all.subList(Math.min(skip, all.size()), all.size());
    }

    /** JUnit's temp dir is private to its owner; the director may run as another user. */
    private static void makeReadable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }
}
