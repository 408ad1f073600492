package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.Ipv4Packet;
import io.lvs4j.packet.TcpSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ipvsadm against a running director, as an LVS admin uses it: the classic commands typed one
 * by one through the {@code bin/ipvsadm} shim, a classic health-check script, ab with
 * {@code --stats}, runtime edits under a stream of requests, and refused commands. One lab with
 * three real servers; every test starts its own director (an empty table or a rules file).
 */
@Tag("lab")
class IpvsadmLabIT {
    private static final String SERVICE = Lab.VIP + ":80";
    private static final Path SHIM = Lab.IPVSADM;
    private static final Path HELD_UPLOAD = Lab.REPO.resolve("cli/src/test/resources/lab/held-upload.py");
    private static final Path HEALTHCHECK = Lab.REPO.resolve("cli/src/test/resources/lab/lvs-healthcheck.sh");
    private static final String HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n"
            + "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
    private static final String TWO_SERVERS = "-A -t " + SERVICE + " -s rr\n"
            + "-a -t " + SERVICE + " -r " + Lab.RS1 + ":80 -g -w 1\n"
            + "-a -t " + SERVICE + " -r " + Lab.RS2 + ":80 -g -w 1\n";
    /** "  -> 10.0.0.11:80   Conns InPkts OutPkts InBytes OutBytes" and the service's line. */
    /** "TCP 14:59  ESTABLISHED 10.0.0.20:53860    10.0.0.100:80      10.0.0.12:80". */
    private static final Pattern CONNECTION_LINE = Pattern.compile(
            "^TCP\\s+\\d\\d:\\d\\d\\s+(\\S+)\\s+\\S+:(\\d+)\\s+\\S+\\s+(\\S+)\\s*$");
    private static final Pattern SERVER_REMOVED = Pattern.compile("server removed (\\d+)");

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

    // ---- 1. the classic commands and a classic health-check loop, through the shim ----------

    @Test
    void classicCommandsBuildTheTableAndAHealthCheckLoopRemovesAndReaddsAServer() throws Exception {
        try (DirectorProcess director = director("", 0)) {
            assertEquals(HEADER, ok(ipvsadm("-Ln")), "a director started empty lists an empty table");

            assertEquals("", ok(ipvsadm("-A", "-t", SERVICE, "-s", "rr")));
            assertEquals("", ok(ipvsadm("-a", "-t", SERVICE, "-r", Lab.RS1 + ":80", "-g")));
            assertEquals("", ok(ipvsadm("-a", "-t", SERVICE, "-r", Lab.RS2 + ":80", "-g")));
            String both = HEADER
                    + "TCP  10.0.0.100:80 rr\n"
                    + "  -> 10.0.0.11:80                 Route   1      0          0         \n"
                    + "  -> 10.0.0.12:80                 Route   1      0          0         \n";
            assertEquals(both, ok(ipvsadm("-Ln")));
            awaitResolved(director, Lab.RS1, Lab.RS2);
            assertEquals(Map.of("rs1", 2L, "rs2", 2L), tally(lab.get(4)), "rr over rs1 and rs2");

            assertEquals("", healthCheckOnce(), "both servers answer: the loop changes nothing");
            String afterFour = HEADER
                    + "TCP  10.0.0.100:80 rr\n"
                    + "  -> 10.0.0.11:80                 Route   1      0          2         \n"
                    + "  -> 10.0.0.12:80                 Route   1      0          2         \n";
            assertEquals(afterFour, listingOnceIs(afterFour), "the table after 4 finished connections");

            stopHttpd("rs2");
            try {
                String removal = healthCheckOnce();
                assertTrue(removal.contains("10.0.0.12:80 does not answer: removed from 10.0.0.100:80"), removal);
                assertEquals(1, removal.lines().count(), removal);
                assertEquals(HEADER
                        + "TCP  10.0.0.100:80 rr\n"
                        + "  -> 10.0.0.11:80                 Route   1      0          2         \n",
                        ok(ipvsadm("-Ln")), "rs2 is out of the table");
                assertEquals(Map.of("rs1", 6L), tally(lab.get(6)), "every request goes to rs1");
                assertEquals("", healthCheckOnce(), "still down: nothing more to do");
            } finally {
                startHttpd("rs2");
            }

            String readd = healthCheckOnce();
            assertTrue(readd.contains("10.0.0.12:80 answers again: added to 10.0.0.100:80 (weight 1)"), readd);
            String back = HEADER
                    + "TCP  10.0.0.100:80 rr\n"
                    + "  -> 10.0.0.11:80                 Route   1      0          8         \n"
                    + "  -> 10.0.0.12:80                 Route   1      0          0         \n";
            assertEquals(back, listingOnceIs(back), "rs2 is back");
            assertEquals(Map.of("rs1", 2L, "rs2", 2L), tally(lab.get(4)), "rr over rs1 and rs2 again");
            director.stop();
        }
    }

    @Test
    void theHealthCheckScriptAndTheShimArePosixShAndShellcheckClean() {
        if (Shell.run(5, "sh", "-c", "command -v shellcheck").exit() != 0) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("shellcheck is missing (apt-get install shellcheck)");
            }
            org.junit.jupiter.api.Assumptions.abort("shellcheck is missing");
        }
        Shell.Result r = Shell.run(30, "shellcheck", "--shell=sh", "--severity=style", HEALTHCHECK.toString(),
                SHIM.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(Files.isExecutable(SHIM), SHIM + " is executable");
    }

    // ---- 2. ab through the director, and ipvsadm --stats against what the servers received ---

    @Test
    void abCompletesAndStatsMatchWhatEachServerReceived() throws Exception {
        Path rules = Files.createTempFile("ipvsadm-saved", ".rules");
        Files.writeString(rules, TWO_SERVERS);
        String vipTcp80 = "dst host " + Lab.VIP + " and tcp dst port 80";
        try (DirectorProcess director = director("", 0);
             Capture rs1 = Capture.start(lab, "rs1", "in", vipTcp80);
             Capture rs2 = Capture.start(lab, "rs2", "in", vipTcp80)) {
            ok(Shell.run(30, "sh", "-c", "LVS4J_CONTROL=" + lab.control() + " " + SHIM + " -R < " + rules));
            assertEquals(TWO_SERVERS, ok(ipvsadm("-Sn")), "-R restored the saved table");
            awaitResolved(director, Lab.RS1, Lab.RS2);

            String ab = lab.exec(120, "client", "ab", "-c", "100", "-n", "5000", "http://" + Lab.VIP + "/")
                    .orFail("ab").out();
            // the clients' last ACKs and FINs: counters that stopped moving
            Map<String, long[]> stats = IpvsadmStats.parse(settledStats());
            List<byte[]> atRs1 = rs1.frames();
            List<byte[]> atRs2 = rs2.frames();

            assertEquals(0, rs1.droppedByKernel(), "rs1's tcpdump kept up (else the comparison means nothing)");
            assertEquals(0, rs2.droppedByKernel(), "rs2's tcpdump kept up (else the comparison means nothing)");
            assertTrue(ab.contains("Complete requests:      5000"), ab);
            assertTrue(ab.contains("Failed requests:        0"), ab);
            long[] s1 = stats.get(Lab.RS1 + ":80");
            long[] s2 = stats.get(Lab.RS2 + ":80");
            long[] svc = stats.get(SERVICE);
            assertNotNull(s1, "rs1's --stats line");
            assertNotNull(s2, "rs2's --stats line");
            System.out.printf("ab: %s req/s; Conns rs1 %d rs2 %d (service %d); client ports reused: %d%n",
                    field(ab, "Requests per second:\\s+(\\S+)"), s1[0], s2[0], svc[0],
                    5000 - synPorts(atRs1).size() - synPorts(atRs2).size());
            assertAll("ipvsadm -Ln --stats --exact after ab -c 100 -n 5000",
                    () -> assertTrue(Math.abs(s1[0] - s2[0]) <= 1, "Conns split within ±1: " + s1[0] + " / " + s2[0]),
                    () -> assertEquals(svc[0], s1[0] + s2[0], "service Conns = sum of the servers'"),
                    // a client port reused while the director still holds its FIN_WAIT entry
                    // continues that entry, as IPVS does with conn_reuse_mode=1: one Conn per new flow
                    () -> assertEquals(synPorts(atRs1).size(), s1[0], "rs1 Conns = client ports rs1 saw SYNs from"),
                    () -> assertEquals(synPorts(atRs2).size(), s2[0], "rs2 Conns = client ports rs2 saw SYNs from"),
                    () -> assertTrue(s1[0] + s2[0] > 4000, "most of the 5000 requests were new flows"),
                    () -> assertEquals(atRs1.size(), s1[1], "rs1 InPkts = packets rs1 received"),
                    () -> assertEquals(atRs2.size(), s2[1], "rs2 InPkts = packets rs2 received"),
                    () -> assertEquals(ipBytes(atRs1), s1[3], "rs1 InBytes = IP bytes rs1 received"),
                    () -> assertEquals(ipBytes(atRs2), s2[3], "rs2 InBytes = IP bytes rs2 received"),
                    () -> assertEquals(s1[1] + s2[1], svc[1], "service InPkts"),
                    () -> assertEquals(s1[3] + s2[3], svc[3], "service InBytes"),
                    () -> assertEquals(0, s1[2] + s2[2] + s1[4] + s2[4] + svc[2] + svc[4], "OutPkts/OutBytes (DR)"));
            director.stop();
        } finally {
            Files.deleteIfExists(rules);
        }
    }

    // ---- 3. runtime edits during a stream of requests ----------------------------------------

    @Test
    void addDrainAndDeleteDuringAStreamFailOnlyTheDeletedServersFlows() throws Exception {
        Path dir = Files.createTempDirectory("ipvsadm-stream");
        byte[] payload = new byte[64_000];
        ThreadLocalRandom.current().nextBytes(payload);
        Path upload = Files.write(dir.resolve("upload.bin"), payload);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        String syn = "dst host " + Lab.VIP + " and tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0";
        List<Process> background = new ArrayList<>();
        try (Capture rs1Syns = Capture.start(lab, "rs1", "in", syn);
             DirectorProcess director = director(TWO_SERVERS, 2)) {
            // Two uploads, each held halfway until the deletion is done: rr sends one to each
            // server. They are the long flows the drain must keep and the deletion must cut.
            List<Process> heldUploads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path held = dir.resolve("upload" + i + ".held");
                Process p = clientProcess(dir.resolve("upload" + i), held, "python3", HELD_UPLOAD.toString(),
                        Lab.VIP, "80", upload.toString());
                background.add(p);
                heldUploads.add(p);
                int expected = i + 1;
                assertTrue(Shell.await(30_000, () -> read(held).contains("held port=")),
                        "upload " + i + " sent its first half: " + read(held));
                String port = field(read(held), "held port=(\\d+)");
                assertTrue(Shell.await(30_000, () -> connections().stream()
                        .filter(c -> c.state.equals("ESTABLISHED")).count() == expected
                        && connections().stream().anyMatch(c -> c.clientPort.equals(port))),
                        "-Lnc lists upload " + i + " (port " + port + ") as ESTABLISHED: " + ok(ipvsadm("-Lnc")));
            }
            Map<String, String> uploadServer = new TreeMap<>(); // client port → server
            for (Conn c : connections()) {
                uploadServer.put(c.clientPort, c.server);
            }
            assertEquals(Set.of(Lab.RS1 + ":80", Lab.RS2 + ":80"), Set.copyOf(uploadServer.values()),
                    "one upload on each server");

            long t0 = System.currentTimeMillis();
            Path stopStream = dir.resolve("stop");
            background.add(clientProcess(dir.resolve("stream.log"), null, "sh", "-c", streamScript(dir, 4, stopStream)));

            sleepUntil(t0 + 3_000);
            ok(ipvsadm("-a", "-t", SERVICE, "-r", Lab.rs(3) + ":80", "-g"));
            long tAdded = System.currentTimeMillis();
            awaitResolved(director, Lab.rs(3));
            // the drain waits for the new server's first answer, however slow this machine is
            Shell.await(60_000, () -> startedBetween(streamSoFar(dir), tAdded, Long.MAX_VALUE).stream()
                    .anyMatch(r -> r.answer.equals("rs3")));

            sleepUntil(t0 + 6_000);
            ok(ipvsadm("-e", "-t", SERVICE, "-r", Lab.RS1 + ":80", "-g", "-w", "0"));
            long tDrained = System.currentTimeMillis();
            long rs1ConnsAtDrain = IpvsadmStats.parse(ok(ipvsadm("-Ln", "--stats", "--exact"))).get(Lab.RS1 + ":80")[0];

            sleepUntil(t0 + 10_000);
            Map<String, long[]> beforeStats = IpvsadmStats.parse(ok(ipvsadm("-Ln", "--stats", "--exact")));
            long rs2ConnsBefore = beforeStats.get(Lab.RS2 + ":80")[0];
            assertEquals(beforeStats.get(SERVICE)[0], beforeStats.get(Lab.RS1 + ":80")[0] + rs2ConnsBefore
                    + beforeStats.get(Lab.rs(3) + ":80")[0], "service Conns = sum of the servers' Conns");
            List<Conn> beforeDelete = connections();
            // the deletion takes effect between these two instants (the shim starts a JVM first)
            long tDeleting = System.currentTimeMillis();
            ok(ipvsadm("-d", "-t", SERVICE, "-r", Lab.RS2 + ":80"));
            long tDeleted = System.currentTimeMillis();
            Map<String, long[]> afterDelete = IpvsadmStats.parse(ok(ipvsadm("-Ln", "--stats", "--exact")));
            // rs2's line is gone; the service's Conns still count its connections
            long rs2ConnsFinal = afterDelete.get(SERVICE)[0] - afterDelete.get(Lab.RS1 + ":80")[0]
                    - afterDelete.get(Lab.rs(3) + ":80")[0];
            long openOnRs2 = beforeDelete.stream().filter(c -> c.server.equals(Lab.RS2 + ":80"))
                    .filter(c -> c.state.equals("ESTABLISHED") || c.state.equals("SYN_RECV")).count();
            long openedInBetween = rs2ConnsFinal - rs2ConnsBefore;

            // Both uploads go on now: rs1's past the drain, rs2's into the deletion.
            for (Process p : heldUploads) {
                p.getOutputStream().close();
            }
            // The stream runs at least 17 s and until it has shown what follows the deletion.
            Shell.await(120_000, () -> {
                List<Request> sofar = streamSoFar(dir);
                return System.currentTimeMillis() >= t0 + 17_000 && sofar.size() > 200
                        && startedBetween(sofar, tDeleted, Long.MAX_VALUE).size() >= 40;
            });
            Files.writeString(stopStream, "");
            for (Process p : background) {
                assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "stream and uploads end");
            }
            Map<String, long[]> end = IpvsadmStats.parse(ok(ipvsadm("-Ln", "--stats", "--exact")));
            String saved = ok(ipvsadm("-Sn"));
            String summary = director.stop();
            List<byte[]> synsAtRs1 = rs1Syns.frames();

            List<Request> stream = Request.parse(Files.readString(dir.resolve("stream.log")));
            Map<String, String> uploads = new TreeMap<>();
            for (int i = 0; i < 2; i++) {
                String out = Files.readString(dir.resolve("upload" + i)).replaceAll("\\s+", " ").strip();
                uploads.put(field(out, "port=(\\d+)$"), out);
            }
            String rs1Upload = key(uploadServer, Lab.RS1 + ":80");
            String rs2Upload = key(uploadServer, Lab.RS2 + ":80");
            List<Request> failed = stream.stream().filter(r -> r.failed()).toList();
            String rs1UploadAnswer = uploads.getOrDefault(rs1Upload, "no answer");
            String rs2UploadAnswer = uploads.getOrDefault(rs2Upload, "no answer");
            long failures = failed.size() + (rs2UploadAnswer.startsWith("rs2 sha256=") ? 0 : 1);
            // A client port reused while the director still holds its FIN_WAIT entry continues that
            // entry and its server (IPVS, conn_reuse_mode=1): an old flow, not a new connection.
            Set<String> portsBeforeDrain = startedBetween(stream, 0, tDrained).stream().map(r -> r.clientPort)
                    .collect(Collectors.toSet());
            List<Request> newFlowsToRs1AfterDrain = answeredBy(startedBetween(stream, tDrained, Long.MAX_VALUE), "rs1")
                    .stream().filter(r -> !portsBeforeDrain.contains(r.clientPort)).toList();
            long serverRemoved = Long.parseLong(field(summary, SERVER_REMOVED.pattern()));
            System.out.printf("stream: %d requests %s; failed %d (+ rs2's upload); rs2 flows open at -d: %d listed"
                            + " + %d opened before -d took effect; director: server removed %d%n",
                    stream.size(), tally(stream.stream().map(r -> r.answer).toList()), failed.size(), openOnRs2,
                    openedInBetween, serverRemoved);

            assertAll("edits under a stream of requests",
                    () -> assertTrue(stream.size() > 200, "a real stream: " + stream.size() + " requests"),
                    // a request that started 3.5 s before the deletion was under way was over (curl -m 3)
                    () -> assertEquals(List.of(), startedBetween(failed, 0, tDeleting - 3_500),
                            "no request failed before the deletion"),
                    // -a: the new server takes new connections once the director knows its MAC
                    () -> assertTrue(startedBetween(stream, tAdded, tDrained).stream().anyMatch(r -> r.answer.equals("rs3")),
                            "rs3 answers after -a"),
                    () -> assertTrue(end.get(Lab.rs(3) + ":80")[0] > 0, "rs3 Conns"),
                    // -e -w 0: the drained server's open flow goes on, it gets no new connection
                    () -> assertEquals("rs1 sha256=" + sha + " bytes=64000 port=" + rs1Upload, rs1UploadAnswer,
                            "the upload pinned to rs1 completes after rs1 is set to weight 0"),
                    () -> assertEquals(List.of(), newFlowsToRs1AfterDrain,
                            "new flows started after the drain answered by rs1"),
                    () -> assertEquals(rs1ConnsAtDrain, end.get(Lab.RS1 + ":80")[0], "rs1 Conns after the drain"),
                    () -> assertEquals(rs1ConnsAtDrain, synPorts(synsAtRs1).size(), "connections rs1 ever saw"),
                    // -d: its flows are cut (dropped and counted); nothing else fails
                    () -> assertTrue(!rs2UploadAnswer.startsWith("rs2 sha256="),
                            "the upload pinned to rs2 is cut by the deletion: " + rs2UploadAnswer),
                    () -> assertTrue(beforeDelete.stream().anyMatch(c -> c.clientPort.equals(rs2Upload)
                            && c.state.equals("ESTABLISHED")), "-Lnc listed rs2's upload before -d"),
                    () -> assertTrue(failures <= openOnRs2 + openedInBetween, "failures " + failures
                            + " ≤ rs2 flows open at the deletion " + openOnRs2 + " + " + openedInBetween),
                    () -> assertTrue(serverRemoved >= failures, "director's 'server removed' " + serverRemoved
                            + " counts every cut flow (" + failures + ")"),
                    () -> assertEquals(List.of(), startedBetween(failed, tDeleted, Long.MAX_VALUE),
                            "requests started after the deletion that failed"),
                    () -> assertEquals(List.of(), answeredBy(startedBetween(stream, tDeleted, Long.MAX_VALUE), "rs2"),
                            "requests started after the deletion answered by rs2"),
                    () -> assertEquals("-A -t 10.0.0.100:80 -s rr\n"
                            + "-a -t 10.0.0.100:80 -r 10.0.0.11:80 -g -w 0\n"
                            + "-a -t 10.0.0.100:80 -r 10.0.0.13:80 -g -w 1\n", saved, "the table at the end"));
        } finally {
            for (Process p : background) {
                p.destroyForcibly();
            }
            killAll("client"); // the stream's curl loops, whatever happened
            deleteTree(dir);
        }
    }

    // ---- 4. refused commands -----------------------------------------------------------------

    @Test
    void badCommandsChangeNothingAndPrintIpvsadmsErrors() throws Exception {
        try (DirectorProcess director = director(TWO_SERVERS, 0)) {
            String before = ok(ipvsadm("-Sn"));
            assertEquals(TWO_SERVERS, before);
            Map<List<String>, String> errors = new LinkedHashMap<>();
            errors.put(List.of("-a", "-t", "10.0.0.100:8080", "-r", "10.0.0.11:80", "-g"), "255 Service not defined");
            errors.put(List.of("-A", "-t", SERVICE, "-s", "wlc"), "255 Service already exists");
            errors.put(List.of("-a", "-t", SERVICE, "-r", "10.0.0.12:80", "-g", "-w", "3"),
                    "255 Destination already exists");
            errors.put(List.of("-d", "-t", SERVICE, "-r", "10.0.0.13:80"), "255 No such destination");
            errors.put(List.of("-e", "-t", SERVICE, "-r", "10.0.0.13:80", "-w", "2"), "255 No such destination");
            errors.put(List.of("-D", "-t", "10.0.0.100:81"), "255 No such service");
            errors.put(List.of("-A", "-t", "10.0.0.100:81", "-s", "nosuch"),
                    "255 Scheduler or persistence engine not found");
            errors.put(List.of("-a", "-t", SERVICE, "-r", "10.0.0.13:80", "-w", "70000"), "2 illegal weight specified");
            errors.put(List.of("-a", "-t", SERVICE, "-r", "10.0.0.13:80", "-g", "-x", "5", "-y", "9"),
                    "255 Numerical result out of range");
            errors.put(List.of("-A", "-t", "10.0.0.100:80:80", "-s", "rr"), "2 illegal virtual server address[:port] specified");
            for (Map.Entry<List<String>, String> e : errors.entrySet()) {
                Shell.Result r = ipvsadm(e.getKey().toArray(String[]::new));
                assertEquals(e.getValue(), r.exit() + " " + r.err().strip(), "ipvsadm " + String.join(" ", e.getKey()));
                assertEquals("", r.out(), "nothing on stdout");
                assertEquals(before, ok(ipvsadm("-Sn")), "table after ipvsadm " + String.join(" ", e.getKey()));
            }

            // -R is all or nothing: a bad third line and the first two are not applied either
            Shell.Result restore = Shell.run(30, "sh", "-c", "printf '%s\\n' '-A -t 10.0.0.100:8080 -s wrr'"
                    + " '-a -t 10.0.0.100:8080 -r 10.0.0.11:8080 -g -w 2'"
                    + " '-a -t 10.0.0.100:8080 -r 10.0.0.12:8080 -g -w 70000'"
                    + " | LVS4J_CONTROL=" + lab.control() + " " + SHIM + " -R");
            assertEquals("2 <stdin>:3: illegal weight specified", restore.exit() + " " + restore.err().strip());
            assertEquals(before, ok(ipvsadm("-Sn")), "table after a refused -R");

            // not root: the socket (0600) refuses the connection ...
            for (String[] args : List.of(new String[] {"-Ln"}, new String[] {"-C"})) {
                Shell.Result r = asNobody(args);
                assertNotEquals(0, r.exit(), "nobody's ipvsadm " + String.join(" ", args));
                assertEquals("", r.out(), "nobody learns nothing");
                assertTrue(r.err().contains("permission denied on " + lab.control()), r.err());
            }
            assertEquals(before, ok(ipvsadm("-Sn")), "table after nobody's -C");
            // ... and opened up to everyone, the director itself still refuses non-root peers
            Path socket = Path.of(lab.control());
            ok(Shell.run(5, "chmod", "0666", socket.toString()));
            try {
                Shell.Result r = asNobody("-C");
                assertNotEquals(0, r.exit());
                assertEquals("", r.out());
                assertTrue(r.err().contains("closed the connection unanswered"), r.err());
                Shell.Result list = asNobody("-Ln");
                assertNotEquals(0, list.exit());
                assertEquals("", list.out(), "nobody learns nothing");
            } finally {
                Shell.run(5, "chmod", "0600", socket.toString());
            }
            assertEquals(before, ok(ipvsadm("-Sn")), "table after nobody's -C on an open socket");
            Shell.await(30_000, () -> director.log().contains("refused user nobody (root only)"));
            assertTrue(director.log().contains("refused user nobody (root only)"), director.log());

            // a stray SIGHUP (a -f director has no file to reload) is logged, and nothing else happens
            director.signal("HUP");
            assertTrue(Shell.await(30_000, () -> director.log().contains("SIGHUP ignored")), director.log());
            assertEquals(before, ok(ipvsadm("-Sn")), "table after SIGHUP");
            director.stop();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The director, started and listening on its control socket; it resolved {@code servers} real servers. */
    private static DirectorProcess director(String rules, int servers) throws IOException {
        DirectorProcess d = DirectorProcess.start(lab, rules, servers);
        if (!Shell.await(30_000, () -> d.log().contains("LiveDirector: directing on"))) {
            d.close();
            throw new AssertionError("the director did not start: " + d.log());
        }
        return d;
    }

    private static Shell.Result ipvsadm(String... args) {
        return lab.ipvsadm(args);
    }

    private static Shell.Result asNobody(String... args) {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "nobody", "--",
                "env", "LVS4J_CONTROL=" + lab.control(), SHIM.toString()));
        cmd.addAll(List.of(args));
        return Shell.run(30, cmd);
    }

    /** stdout of a command that must succeed without a word on stderr. */
    private static String ok(Shell.Result r) {
        r.orFail("command");
        assertEquals("", r.err(), "stderr");
        return r.out();
    }

    /** One pass of the health-check script in the director's namespace, with the shim as ipvsadm. */
    private static String healthCheckOnce() {
        Shell.Result r = lab.exec(30, "director", "env", "PATH=" + SHIM.getParent() + ":" + System.getenv("PATH"),
                "LVS4J_CONTROL=" + lab.control(), "VIP=" + Lab.VIP, "PORT=80", "RIPS=" + Lab.RS1 + " " + Lab.RS2,
                "TIMEOUT=10", "sh", HEALTHCHECK.toString(), "once");
        assertEquals(0, r.exit(), "health check: " + r.err() + r.out());
        assertEquals("", r.err(), "health check's stderr");
        return r.out();
    }

    private static void awaitResolved(DirectorProcess director, String... servers) {
        for (String s : servers) {
            assertTrue(Shell.await(30_000, () -> director.log().contains("real server " + s + " is at")),
                    "the director resolves " + s + ": " + director.log());
        }
    }

    /** Stops a real server's HTTP daemon (the lab's rs-httpd.py in that namespace). */
    private static void stopHttpd(String host) {
        for (String pid : httpdPids(host)) {
            Shell.run(5, "kill", pid);
        }
        assertTrue(Shell.await(30_000, () -> httpdPids(host).isEmpty()), host + "'s HTTP server stops");
    }

    private static void startHttpd(String host) throws IOException {
        if (!httpdPids(host).isEmpty()) {
            return;
        }
        new ProcessBuilder("ip", "netns", "exec", lab.ns(host), "setsid", "python3",
                Lab.REPO.resolve("vagrant/rs-httpd.py").toString(), "--name", host, "--port", "80")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(Shell.await(30_000, () -> lab.exec(5, host, "curl", "-s", "-m", "1", "http://127.0.0.1/").exit() == 0),
                host + "'s HTTP server answers again");
    }

    private static List<String> httpdPids(String host) {
        List<String> pids = new ArrayList<>();
        for (String pid : Shell.run(5, "ip", "netns", "pids", lab.ns(host)).out().split("\\s+")) {
            try {
                if (!pid.isEmpty() && Files.readString(Path.of("/proc", pid, "cmdline")).contains("rs-httpd.py")) {
                    pids.add(pid);
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return pids;
    }

    /** Kills what runs in a lab namespace (only this test's processes live in the client's). */
    private static void killAll(String host) {
        for (String pid : Shell.run(5, "ip", "netns", "pids", lab.ns(host)).out().split("\\s+")) {
            if (!pid.isEmpty()) {
                Shell.run(5, "kill", "-9", pid);
            }
        }
    }

    /** A process in the client's namespace; stdin a pipe the test holds, stderr to {@code error} or discarded. */
    private static Process clientProcess(Path output, Path error, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.ns("client")));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd).redirectOutput(output.toFile())
                .redirectError(error == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(error.toFile()))
                .start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * {@code loops} sequential curl loops until the file {@code stop} exists: one line per request
     * in dir/streamN, "START_MS EXIT CLIENT_PORT ANSWER", the start time taken just before curl runs.
     */
    private static String streamScript(Path dir, int loops, Path stop) {
        return "loop() {\n"
                + "    while [ ! -e '" + stop + "' ]; do\n"
                + "        start=$(date +%s%3N)\n"
                + "        port=$(curl -s -m 3 -o '" + dir + "/body'\"$1\" -w '%{local_port}' http://" + Lab.VIP + "/)\n"
                + "        rc=$?\n"
                + "        echo \"$start $rc $port $(cat '" + dir + "/body'\"$1\" 2>/dev/null)\"\n"
                + "        rm -f '" + dir + "/body'\"$1\"\n"
                + "    done\n"
                + "}\n"
                + "for n in $(seq " + loops + "); do loop \"$n\" > '" + dir + "/stream'\"$n\" & done\n"
                + "wait\n"
                + "cat '" + dir + "/stream'[0-9]*\n";
    }

    /** The stream's requests so far (complete lines of its loops' files). */
    private static List<Request> streamSoFar(Path dir) {
        StringBuilder lines = new StringBuilder();
        for (int n = 1; n <= 9; n++) {
            String text = read(dir.resolve("stream" + n));
            lines.append(text, 0, text.lastIndexOf('\n') + 1);
        }
        return Request.parse(lines.toString());
    }

    private record Request(long startMillis, int exit, String clientPort, String answer) {
        boolean failed() {
            return exit != 0 || !answer.matches("rs\\d");
        }

        static List<Request> parse(String log) {
            return log.lines().filter(l -> !l.isBlank()).map(l -> {
                String[] f = l.split(" ", 4);
                return new Request(Long.parseLong(f[0]), Integer.parseInt(f[1]), f.length > 2 ? f[2] : "",
                        f.length > 3 ? f[3].strip() : "");
            }).toList();
        }
    }

    private static List<Request> startedBetween(List<Request> requests, long from, long to) {
        return requests.stream().filter(r -> r.startMillis >= from && r.startMillis < to).toList();
    }

    private static List<Request> answeredBy(List<Request> requests, String server) {
        return requests.stream().filter(r -> r.answer.equals(server)).toList();
    }

    private record Conn(String state, String clientPort, String server) {
    }

    /** ipvsadm -Lnc. */
    private static List<Conn> connections() {
        List<Conn> list = new ArrayList<>();
        for (String line : ok(ipvsadm("-Lnc")).split("\n")) {
            Matcher m = CONNECTION_LINE.matcher(line);
            if (m.matches()) {
                list.add(new Conn(m.group(1), m.group(2), m.group(3)));
            }
        }
        return list;
    }

    /** ipvsadm -Ln --stats --exact once it reads the same for a second (at most 60 s). */
    private static String settledStats() throws InterruptedException {
        return settled("-Ln", "--stats", "--exact");
    }

    /**
     * ipvsadm -Ln once it reads {@code expected}, or after 30 s: the clients' last FINs (which
     * make a connection inactive) may still be on their way when their curl has exited.
     */
    private static String listingOnceIs(String expected) {
        Shell.await(30_000, () -> ok(ipvsadm("-Ln")).equals(expected));
        return ok(ipvsadm("-Ln"));
    }

    private static String settled(String... args) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        String last = ok(ipvsadm(args));
        while (System.currentTimeMillis() < end) {
            Thread.sleep(1_000);
            String now = ok(ipvsadm(args));
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), regex + " in:\n" + text);
        return m.group(1);
    }

    private static String key(Map<String, String> map, String value) {
        return map.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static Map<String, Long> tally(List<String> answers) {
        return new TreeMap<>(answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    }

    /** Client ports of the SYNs among these frames (a retransmitted SYN counts once). */
    private static Set<Integer> synPorts(List<byte[]> frames) {
        Set<Integer> ports = new TreeSet<>();
        EthernetFrame eth = new EthernetFrame();
        Ipv4Packet ip = new Ipv4Packet();
        TcpSegment tcp = new TcpSegment();
        for (byte[] f : frames) {
            eth.wrap(f, 0, f.length);
            ip.wrap(f, eth.payloadOffset(), f.length - eth.payloadOffset());
            tcp.wrap(f, ip.payloadOffset(), f.length - ip.payloadOffset());
            if (tcp.has(TcpSegment.SYN)) {
                ports.add(tcp.sourcePort());
            }
        }
        return ports;
    }

    /** The sum of the IP total lengths (what the director counts as InBytes). */
    private static long ipBytes(List<byte[]> frames) {
        EthernetFrame eth = new EthernetFrame();
        Ipv4Packet ip = new Ipv4Packet();
        long sum = 0;
        for (byte[] f : frames) {
            eth.wrap(f, 0, f.length);
            sum += ip.wrap(f, eth.payloadOffset(), f.length - eth.payloadOffset()).totalLength();
        }
        return sum;
    }

    private static void sleepUntil(long millis) throws InterruptedException {
        long left = millis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
