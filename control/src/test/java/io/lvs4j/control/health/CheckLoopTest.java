package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.keepalived.CheckOptions;
import io.lvs4j.control.keepalived.Endpoint;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's retry rules, driven one step at a time with scripted results and a settable clock. */
class CheckLoopTest {
    static final Duration LOOP = Duration.ofSeconds(6);
    static final Duration RETRY_DELAY = Duration.ofSeconds(3);

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Answers with the results it is given, in order. */
    static final class Scripted implements Checker {
        final Deque<CheckResult> results = new ArrayDeque<>();

        Scripted then(boolean up, int times) {
            for (int i = 0; i < times; i++) {
                results.add(up ? CheckResult.up("ok " + i) : CheckResult.down("refused " + i));
            }
            return this;
        }

        @Override
        public String describe() {
            return "SCRIPTED";
        }

        @Override
        public CheckResult check() {
            return results.remove();
        }
    }

    static CheckOptions options(int retry, boolean alpha) throws Exception {
        Inet4Address lo = (Inet4Address) InetAddress.getByName("127.0.0.1");
        return new CheckOptions(new Endpoint(lo, 80), null, Duration.ofSeconds(1), retry, RETRY_DELAY, LOOP,
                Duration.ZERO, alpha);
    }

    final ManualClock clock = new ManualClock();
    final List<String> changes = new ArrayList<>();

    CheckLoop loop(Checker checker, int retry, boolean alpha) throws Exception {
        return new CheckLoop(checker, options(retry, alpha), clock,
                (l, cause) -> changes.add(l.state() + " " + cause.reason()));
    }

    @Test
    void downExactlyAfterRetryPlusOneConsecutiveFailuresAndUpOnTheFirstSuccess() throws Exception {
        int retry = 3;
        Scripted checker = new Scripted().then(true, 1).then(false, retry + 1).then(false, 2).then(true, 1);
        CheckLoop loop = loop(checker, retry, false);
        Instant started = clock.now;
        assertEquals(CheckState.UP, loop.state());

        assertEquals(LOOP, loop.runOnce());
        for (int failure = 1; failure <= retry; failure++) {
            clock.now = clock.now.plusSeconds(1);
            assertEquals(RETRY_DELAY, loop.runOnce(), "failure " + failure + " is retried");
            assertEquals(CheckState.UP, loop.state(), "still up after " + failure + " failures");
            assertEquals(failure, loop.status().consecutiveFailures());
        }
        assertEquals(started, loop.status().lastChange());
        assertEquals(List.of(), changes);

        clock.now = clock.now.plusSeconds(1);
        Instant wentDown = clock.now;
        assertEquals(LOOP, loop.runOnce(), "once down, back to delay_loop");
        assertEquals(CheckState.DOWN, loop.state());
        assertEquals(List.of("DOWN refused 3"), changes);
        CheckStatus down = loop.status();
        assertEquals(wentDown, down.lastChange());
        assertEquals(retry + 1, down.consecutiveFailures());
        assertFalse(down.lastUp());
        assertEquals("refused 3", down.lastReason());

        clock.now = clock.now.plusSeconds(6);
        assertEquals(LOOP, loop.runOnce());
        assertEquals(LOOP, loop.runOnce());
        assertEquals(1, changes.size(), "failures while down change nothing");
        assertEquals(wentDown, loop.status().lastChange());

        clock.now = clock.now.plusSeconds(6);
        assertEquals(LOOP, loop.runOnce());
        assertEquals(CheckState.UP, loop.state());
        assertEquals(List.of("DOWN refused 3", "UP ok 0"), changes);
        assertEquals(0, loop.status().consecutiveFailures());
        assertEquals(clock.now, loop.status().lastChange());
        assertEquals(1 + retry + 1 + 2 + 1, loop.status().checks());
    }

    @Test
    void aSuccessBetweenFailuresStartsTheCountAgain() throws Exception {
        Scripted checker = new Scripted().then(false, 1).then(true, 1).then(false, 1).then(false, 1);
        CheckLoop loop = loop(checker, 1, false);
        loop.runOnce();
        loop.runOnce();
        loop.runOnce();
        assertEquals(CheckState.UP, loop.state(), "only one consecutive failure");
        loop.runOnce();
        assertEquals(CheckState.DOWN, loop.state());
    }

    @Test
    void retryZeroGoesDownOnTheFirstFailure() throws Exception {
        CheckLoop loop = loop(new Scripted().then(false, 1), 0, false);
        assertEquals(LOOP, loop.runOnce());
        assertEquals(CheckState.DOWN, loop.state());
        assertEquals(1, changes.size());
    }

    @Test
    void miscDynamicExitZeroKeepsTheLastWeightAndTheConfiguredOneBeforeAny() throws Exception {
        Scripted misc = new Scripted();
        misc.results.add(CheckResult.up("exited 0"));
        misc.results.add(new CheckResult(true, "exited 9", 7));
        misc.results.add(CheckResult.up("exited 0"));
        misc.results.add(CheckResult.down("exited 1"));
        misc.results.add(CheckResult.up("exited 0"));
        CheckLoop loop = loop(misc, 0, false);
        loop.runOnce();
        assertEquals(-1, loop.weight(), "no weight asked for yet: the configured one");
        loop.runOnce();
        assertEquals(7, loop.weight());
        loop.runOnce();
        assertEquals(7, loop.weight(), "exit 0: weight unchanged");
        assertEquals(List.of("UP exited 9"), changes, "exit 0 is no change to report");
        loop.runOnce();
        loop.runOnce();
        assertEquals(CheckState.UP, loop.state());
        assertEquals(7, loop.weight(), "back up with exit 0: still the last weight");
    }

    @Test
    void alphaStartsDownAndOneSuccessBringsItUp() throws Exception {
        CheckLoop loop = loop(new Scripted().then(false, 1).then(true, 1), 5, true);
        assertEquals(CheckState.DOWN, loop.state());
        assertEquals("not checked yet", loop.status().lastReason());
        assertEquals(LOOP, loop.runOnce(), "a failure while down is not retried");
        assertEquals(CheckState.DOWN, loop.state());
        assertEquals(List.of(), changes);
        loop.runOnce();
        assertEquals(CheckState.UP, loop.state());
        assertEquals(List.of("UP ok 0"), changes);
        assertTrue(loop.status().lastUp());
    }

    @Test
    void aCheckEndingAfterStopChangesNothing() throws Exception {
        CheckLoop loop = loop(new Scripted().then(false, 1), 0, false);
        loop.stop();
        loop.runOnce();
        assertEquals(CheckState.UP, loop.state());
        assertEquals(0, loop.status().checks());
        assertEquals(List.of(), changes);
    }

    @Test
    void aCheckerThatThrowsCountsAsAFailure() throws Exception {
        Checker broken = new Checker() {
            @Override
            public String describe() {
                return "BROKEN";
            }

            @Override
            public CheckResult check() {
                throw new IllegalStateException("bug");
            }
        };
        CheckLoop loop = loop(broken, 0, false);
        loop.runOnce();
        assertEquals(CheckState.DOWN, loop.state());
        assertEquals("BROKEN failed: java.lang.IllegalStateException: bug", loop.status().lastReason());
    }
}
