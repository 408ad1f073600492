package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CheckOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one checker again and again with keepalived's rules: starts up (down with alpha); when up,
 * a failure is retried after delay_before_retry and the checker goes down after retry + 1
 * consecutive failures; one success brings it back up; otherwise the next check is delay_loop
 * later. {@link #runOnce} is one step, so tests can drive the rules without a scheduler.
 */
public final class CheckLoop {
    /** Told after a step changed the state or the weight the checker asks for. */
    interface Changes {
        void changed(CheckLoop loop, CheckResult cause);
    }

    private final Checker checker;
    private final CheckOptions options;
    private final Clock clock;
    private final Changes changes;
    private CheckState state;
    private CheckResult last;
    private Instant lastChange;
    private int consecutiveFailures;
    private long checks;
    private int weight = -1;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> next;
    private boolean stopped;

    CheckLoop(Checker checker, CheckOptions options, Clock clock, Changes changes) {
        this.checker = checker;
        this.options = options;
        this.clock = clock;
        this.changes = changes;
        this.state = options.alpha() ? CheckState.DOWN : CheckState.UP;
        this.lastChange = clock.instant();
    }

    /** One check and its consequences; returns how long to wait before the next one. */
    public Duration runOnce() {
        CheckResult r;
        try {
            r = checker.check();
        } catch (RuntimeException e) {
            // A checker bug must not end the loop silently: it counts as a failed check.
            r = CheckResult.down(checker.describe() + " failed: " + e);
        }
        boolean changed;
        Duration delay;
        synchronized (this) {
            if (stopped) {
                // Stopping interrupts a check in flight; its failure says nothing about the server.
                return options.delayLoop();
            }
            checks++;
            last = r;
            if (r.up()) {
                consecutiveFailures = 0;
                // a success without a weight (misc_dynamic's exit 0: "weight unchanged") keeps the last one
                changed = state == CheckState.DOWN || (r.weight() >= 0 && r.weight() != weight);
                if (r.weight() >= 0) {
                    weight = r.weight();
                }
                setState(CheckState.UP);
                delay = options.delayLoop();
            } else {
                consecutiveFailures++;
                changed = state == CheckState.UP && consecutiveFailures > options.retry();
                if (changed) {
                    setState(CheckState.DOWN);
                }
                delay = state == CheckState.UP ? options.delayBeforeRetry() : options.delayLoop();
            }
        }
        if (changed) {
            changes.changed(this, r);
        }
        return delay;
    }

    private void setState(CheckState s) {
        if (state != s) {
            state = s;
            lastChange = clock.instant();
        }
    }

    /** Starts checking on the executor's threads, the first check after {@code firstDelay}. */
    synchronized void start(ScheduledExecutorService on, Duration firstDelay) {
        executor = on;
        schedule(firstDelay);
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(true);
        }
        executor = null;
    }

    private synchronized void schedule(Duration delay) {
        if (executor != null) {
            next = executor.schedule(this::step, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void step() {
        Duration delay = runOnce();
        if (!Thread.currentThread().isInterrupted()) {
            schedule(delay);
        }
    }

    public String describe() {
        return checker.describe();
    }

    public synchronized CheckState state() {
        return state;
    }

    /** The weight the last success that named one asked for, or -1 (none yet) for the configured one. */
    synchronized int weight() {
        return weight;
    }

    public synchronized CheckStatus status() {
        return new CheckStatus(checker.describe(), state, last != null && last.up(),
                last == null ? "not checked yet" : last.reason(), lastChange, consecutiveFailures, checks);
    }
}
