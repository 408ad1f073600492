package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.keepalived.KeepalivedParser;
import io.lvs4j.control.keepalived.VirtualServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server is up while all its checkers are; the listener hears each change once. */
class RealServerHealthTest {
    @TempDir
    Path dir;

    final List<String> events = new ArrayList<>();

    RealServerHealth health(String checkers, List<Checker> fakes) throws Exception {
        Path file = dir.resolve("k.conf");
        Files.writeString(file, "virtual_server 10.0.0.1 80 {\n lb_kind DR\n real_server 10.1.0.1 80 {\n weight 5\n"
                + checkers + "\n }\n}\n");
        VirtualServer vs = KeepalivedParser.parse(file).virtualServers().get(0);
        List<Checker> queue = new ArrayList<>(fakes);
        return new RealServerHealth(new RealServerKey(vs, vs.realServers().get(0)), Clock.systemUTC(),
                (key, up, weight, reason) -> events.add(key + " " + (up ? "up " + weight : "down") + " " + reason),
                config -> queue.remove(0));
    }

    @Test
    void upOnlyWhileEveryCheckerIsUp() throws Exception {
        CheckLoopTest.Scripted tcp = new CheckLoopTest.Scripted().then(false, 1).then(true, 1);
        CheckLoopTest.Scripted misc = new CheckLoopTest.Scripted().then(false, 1).then(true, 1);
        RealServerHealth h = health("TCP_CHECK {\n retry 0\n }\n MISC_CHECK {\n misc_path /bin/true\n retry 0\n }",
                List.of(tcp, misc));
        assertTrue(h.isUp());
        CheckLoop first = h.checks().get(0);
        CheckLoop second = h.checks().get(1);

        first.runOnce();
        assertFalse(h.isUp());
        assertEquals(List.of("TCP 10.0.0.1 80 -> 10.1.0.1:80 down SCRIPTED down: refused 0"), events);
        second.runOnce();
        assertEquals(1, events.size(), "already down: no second report");
        first.runOnce();
        assertFalse(h.isUp(), "the other checker is still down");
        assertEquals(1, events.size());
        second.runOnce();
        assertTrue(h.isUp());
        assertEquals("TCP 10.0.0.1 80 -> 10.1.0.1:80 up 5 SCRIPTED up: ok 0", events.get(1));
    }

    @Test
    void alphaStartsTheServerDown() throws Exception {
        RealServerHealth h = health("TCP_CHECK {\n alpha\n }", List.of(new CheckLoopTest.Scripted().then(true, 1)));
        assertFalse(h.isUp());
        h.checks().get(0).runOnce();
        assertTrue(h.isUp());
        assertEquals(1, events.size());
    }

    @Test
    void aDynamicWeightIsReportedWhileUp() throws Exception {
        CheckLoopTest.Scripted misc = new CheckLoopTest.Scripted();
        misc.results.add(new CheckResult(true, "exited 12", 10));
        misc.results.add(new CheckResult(true, "exited 12", 10));
        misc.results.add(CheckResult.up("exited 0"));
        RealServerHealth h = health("MISC_CHECK {\n misc_path /bin/check\n misc_dynamic\n }", List.of(misc));
        CheckLoop loop = h.checks().get(0);
        loop.runOnce();
        assertEquals(10, h.weight());
        loop.runOnce();
        loop.runOnce();
        assertEquals(10, h.weight(), "exit 0: svc check success, weight unchanged");
        assertEquals(List.of("TCP 10.0.0.1 80 -> 10.1.0.1:80 up 10 SCRIPTED up: exited 12"), events);
    }
}
