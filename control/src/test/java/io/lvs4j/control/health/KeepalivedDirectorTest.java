package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.ServiceState;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.control.keepalived.CheckerConfig;
import io.lvs4j.control.keepalived.ConfigException;
import io.lvs4j.control.keepalived.KeepalivedParser;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.TcpState;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring from keepalived.conf and health events to the table, with checkers the test flips
 * (a MISC_CHECK's command names the server: "/check rs1") and each check step driven by hand.
 */
class KeepalivedDirectorTest {
    @TempDir
    Path dir;

    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(new ServiceTable(), new ConnectionTable(64, timeouts), timeouts);
    private final List<String> datapathCalls = new ArrayList<>();
    private final ControlPlane control = new ControlPlane(new TableAccess() {
        @Override
        public synchronized <T> T onDatapath(Function<Tables, T> action) {
            datapathCalls.add(Thread.currentThread().getName());
            return action.apply(tables);
        }
    });
    /** What each fake checker answers next, by the word after its program: up, down, or a misc_dynamic weight. */
    private final Map<String, CheckResult> answers = new HashMap<>();
    private KeepalivedDirector director;
    private boolean expireNodestConn;
    private long now = 1_000_000;

    @AfterEach
    void close() {
        if (director != null) {
            director.close();
        }
    }

    private Checker fake(CheckerConfig config) {
        String name = ((io.lvs4j.control.keepalived.MiscCheckConfig) config).command().get(1);
        return new Checker() {
            @Override
            public String describe() {
                return "MISC_CHECK /check " + name;
            }

            @Override
            public CheckResult check() {
                return answers.getOrDefault(name, CheckResult.up("fine"));
            }
        };
    }

    private Path conf(String text) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        return file;
    }

    private KeepalivedDirector start(Path file) throws Exception {
        director = new KeepalivedDirector(file, KeepalivedParser.parse(file), Clock.systemUTC(), this::fake,
                expireNodestConn);
        director.applyTo(control);
        return director;
    }

    private static String rs(String ip, String extra, String check) {
        return "    real_server " + ip + " 80 {\n" + extra + "\n        MISC_CHECK {\n            misc_path \"/check "
                + check + "\"\n            retry 0\n        }\n    }\n";
    }

    private static String vs(String extra, String servers) {
        return "virtual_server 10.0.0.100 80 {\n    lb_kind DR\n    lb_algo wrr\n" + extra + "\n" + servers + "}\n";
    }

    /** The table as "IP:PORT wWEIGHT" per server of the one service, sorted, or "no service". */
    private String table() throws InterruptedException {
        List<ServiceState> s = control.services();
        if (s.isEmpty()) {
            return "no service";
        }
        List<String> out = new ArrayList<>();
        for (ServiceState.ServerState rs : s.get(0).servers()) {
            out.add(rs.id() + " w" + rs.settings().weight());
        }
        out.sort(null);
        return String.join(", ", out);
    }

    /** Sets what the named checker answers and runs one check of every server. */
    private void check(String name, CheckResult answer) {
        answers.put(name, answer);
        for (RealServerHealth h : director.servers()) {
            h.checks().forEach(CheckLoop::runOnce);
        }
    }

    @Test
    void startsWithTheWholeTableAndAlphaServersOut() throws Exception {
        start(conf(vs("", rs("10.0.0.11", "weight 2", "rs1") + rs("10.0.0.12", "alpha", "rs2"))));
        assertEquals("10.0.0.11:80 w2", table(), "rs2 starts down (alpha) and is left out");
        check("rs2", CheckResult.up("ok"));
        assertEquals("10.0.0.11:80 w2, 10.0.0.12:80 w1", table());
    }

    @Test
    void downRemovesTheServerAndUpBringsItBack() throws Exception {
        start(conf(vs("", rs("10.0.0.11", "weight 2", "rs1") + rs("10.0.0.12", "weight 1", "rs2"))));
        check("rs1", CheckResult.down("connect: Connection refused"));
        assertEquals("10.0.0.12:80 w1", table());
        String checks = director.checks();
        assertTrue(checks.lines().anyMatch(l -> l.matches("TCP +10\\.0\\.0\\.100:80 +10\\.0\\.0\\.11:80 +MISC_CHECK +down +1 "
                + "+\\d\\d:\\d\\d:\\d\\d +connect: Connection refused")), checks);
        check("rs1", CheckResult.up("ok"));
        assertEquals("10.0.0.11:80 w2, 10.0.0.12:80 w1", table());
    }

    /** One packet of the client's flow from this port to the one service: the real server it goes to, or null (dropped). */
    private String send(int clientPort, int tcpFlags) {
        VirtualService svc = tables.services().services().get(0);
        RealServer rs = tables.connections().dispatch(svc, 0xC0A80007, clientPort, svc.address(), svc.port(), tcpFlags,
                60, now++);
        return rs == null ? null : rs.toString();
    }

    /** rs1 alone has a known MAC, so the first connection goes to it. */
    private void onlyRs1Reachable() {
        for (RealServer rs : tables.services().services().get(0).servers()) {
            if (rs.toString().equals("10.0.0.11:80")) {
                rs.nextHopResolved(0x0200_0000_0011L);
            }
        }
    }

    @Test
    void aServerTheChecksTakeOutKeepsItsEstablishedConnections() throws Exception {
        start(conf(vs("", rs("10.0.0.11", "weight 2", "rs1") + rs("10.0.0.12", "weight 1", "rs2"))));
        onlyRs1Reachable();
        assertEquals("10.0.0.11:80", send(40000, TcpState.SYN));
        assertEquals("10.0.0.11:80", send(40000, TcpState.ACK));
        check("rs1", CheckResult.down("connect: Connection refused"));
        assertEquals("10.0.0.12:80 w1", table());
        assertEquals("10.0.0.11:80", send(40000, TcpState.ACK), "the established flow goes on");
        assertEquals(null, send(40001, TcpState.SYN), "no new one goes to rs1 (rs2's MAC is unknown here)");
        check("rs1", CheckResult.up("ok"));
        assertEquals("10.0.0.11:80 w2, 10.0.0.12:80 w1", table());
        assertEquals("10.0.0.11:80", send(40000, TcpState.ACK), "back up: the old flow still goes on");
        assertEquals(0, tables.connections().counters().droppedServerRemoved());
    }

    @Test
    void expireNodestConnDropsThemAtTheirNextPacket() throws Exception {
        expireNodestConn = true;
        start(conf(vs("", rs("10.0.0.11", "weight 2", "rs1") + rs("10.0.0.12", "weight 1", "rs2"))));
        onlyRs1Reachable();
        assertEquals("10.0.0.11:80", send(40000, TcpState.SYN));
        assertEquals("10.0.0.11:80", send(40000, TcpState.ACK));
        check("rs1", CheckResult.down("connect: Connection refused"));
        assertEquals("10.0.0.12:80 w1", table());
        assertEquals(null, send(40000, TcpState.ACK));
        assertEquals(1, tables.connections().counters().droppedServerRemoved());
    }

    @Test
    void inhibitOnFailureSetsWeightZeroInstead() throws Exception {
        start(conf(vs("", rs("10.0.0.11", "weight 5\n        inhibit_on_failure", "rs1") + rs("10.0.0.12", "", "rs2"))));
        check("rs1", CheckResult.down("status 500"));
        assertEquals("10.0.0.11:80 w0, 10.0.0.12:80 w1", table());
        check("rs1", CheckResult.up("ok"));
        assertEquals("10.0.0.11:80 w5, 10.0.0.12:80 w1", table());
    }

    @Test
    void sorryServerOnlyWhileNoRealServerIsUp() throws Exception {
        start(conf(vs("    sorry_server 10.0.0.99 80", rs("10.0.0.11", "", "rs1") + rs("10.0.0.12", "", "rs2"))));
        check("rs1", CheckResult.down("refused"));
        assertEquals("10.0.0.12:80 w1", table());
        check("rs2", CheckResult.down("refused"));
        assertEquals("10.0.0.99:80 w1", table());
        check("rs2", CheckResult.up("ok"));
        assertEquals("10.0.0.12:80 w1", table());
    }

    @Test
    void miscDynamicWeightIsSetAndExitZeroLeavesItAsItIs() throws Exception {
        start(conf(vs("", rs("10.0.0.11", "weight 3", "rs1"))));
        check("rs1", CheckResult.up("exited 0"));
        assertEquals("10.0.0.11:80 w3", table(), "no dynamic weight yet: the configured one");
        check("rs1", new CheckResult(true, "exited 9 (misc_dynamic: weight 7)", 7));
        assertEquals("10.0.0.11:80 w7", table());
        check("rs1", CheckResult.up("exited 0"));
        assertEquals("10.0.0.11:80 w7", table(), "exit 0: svc check success, weight unchanged");
        check("rs1", CheckResult.down("exited 1"));
        check("rs1", CheckResult.up("exited 0"));
        assertEquals("10.0.0.11:80 w7", table(), "back up with the last dynamic weight");
    }

    @Test
    void quorumAndNotifyScriptsRunWithoutAShell() throws Exception {
        Path lost = dir.resolve("quorum lost");
        Path gained = dir.resolve("gained");
        Path down = dir.resolve("rs1-down");
        start(conf(vs("    quorum 3\n    hysteresis 1\n    quorum_down \"/usr/bin/touch '" + lost + "'\"\n"
                        + "    quorum_up \"/usr/bin/touch " + gained + "\"",
                rs("10.0.0.11", "weight 2\n        notify_down \"/usr/bin/touch " + down + "\"", "rs1")
                        + rs("10.0.0.12", "weight 2", "rs2"))));
        check("rs1", CheckResult.down("refused"));
        waitFor(down);
        assertTrue(!Files.exists(lost), "live weight 2 is not below quorum 3 - hysteresis 1");
        check("rs2", CheckResult.down("refused"));
        waitFor(lost);
        check("rs2", CheckResult.up("ok"));
        assertTrue(!Files.exists(gained), "live weight 2 is below quorum 3 + hysteresis 1: not gained yet");
        check("rs1", CheckResult.up("ok"));
        waitFor(gained);
    }

    private static void waitFor(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(file), file + " not made by the script within 60s");
    }

    @Test
    void reloadAppliesOnlyTheDifferenceAndKeepsCheckState() throws Exception {
        String rs2 = rs("10.0.0.12", "weight 1", "rs2");
        Path file = conf(vs("", rs("10.0.0.11", "weight 2", "rs1") + rs2));
        start(file);
        check("rs2", CheckResult.down("refused"));
        check("rs2", CheckResult.up("ok"));
        RealServerHealth rs1Before = director.servers().get(0);
        RealServerHealth rs2Before = director.servers().get(1);
        CheckStatus rs2Status = rs2Before.checks().get(0).status();

        conf(vs("", rs("10.0.0.11", "weight 4", "rs1") + rs2 + rs("10.0.0.13", "", "rs3")));
        assertEquals(List.of("set weight TCP 10.0.0.100:80 -> 10.0.0.11:80 weight 4",
                "add server TCP 10.0.0.100:80 -> 10.0.0.13:80 Route weight 1"), director.reload());
        assertEquals("10.0.0.11:80 w4, 10.0.0.12:80 w1, 10.0.0.13:80 w1", table());
        assertSame(rs1Before, director.servers().get(0), "unchanged checkers: the same health object");
        assertSame(rs2Before, director.servers().get(1));
        assertEquals(rs2Status, rs2Before.checks().get(0).status(), "no check restarted, no flap");
        assertEquals(List.of(), director.reload(), "the same file again: no change");

        conf(vs("", rs2));
        assertEquals(List.of("delete server TCP 10.0.0.100:80 -> 10.0.0.11:80",
                "delete server TCP 10.0.0.100:80 -> 10.0.0.13:80"), director.reload().stream().sorted().toList());
        assertEquals("10.0.0.12:80 w1", table());
    }

    @Test
    void aBadFileOnReloadChangesNothing() throws Exception {
        Path file = start(conf(vs("", rs("10.0.0.11", "", "rs1")))) == null ? null : dir.resolve("keepalived.conf");
        String before = table();
        Files.writeString(file, vs("    lb_algo nosuch", rs("10.0.0.11", "", "rs1")));
        ConfigException e = assertThrows(ConfigException.class, director::reload);
        assertEquals(file + ":4: unknown scheduler 'nosuch' (allowed: rr wrr lc wlc sed nq fo ovf dh sh mh lblc lblcr)",
                e.getMessage());
        assertEquals(before, table());
        assertEquals(2, director.reloadReply().exitCode());
    }
}
