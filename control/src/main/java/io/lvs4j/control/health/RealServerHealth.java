package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CheckerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of one real server of one virtual server: up while every checker is up (a server
 * without checkers is always up), as keepalived counts it. Each checker transition is logged
 * once with its reason; real-server transitions and weight changes go to the listener.
 */
public final class RealServerHealth {
    private static final Logger LOG = LoggerFactory.getLogger(RealServerHealth.class);
    private volatile RealServerKey key;
    private final HealthListener listener;
    private final List<CheckLoop> loops = new ArrayList<>();
    private boolean up;
    private int weight;

    RealServerHealth(RealServerKey key, Clock clock, HealthListener listener) {
        this(key, clock, listener, Checkers::create);
    }

    RealServerHealth(RealServerKey key, Clock clock, HealthListener listener,
                     Function<CheckerConfig, Checker> checkers) {
        this.key = key;
        this.listener = listener;
        for (CheckerConfig c : key.realServer().checkers()) {
            loops.add(new CheckLoop(checkers.apply(c), c.options(), clock, this::changed));
        }
        this.up = allUp();
        this.weight = currentWeight();
    }

    private void changed(CheckLoop loop, CheckResult cause) {
        boolean report;
        boolean nowUp;
        int nowWeight;
        synchronized (this) {
            nowUp = allUp();
            nowWeight = currentWeight();
            report = nowUp != up || (nowUp && nowWeight != weight);
            up = nowUp;
            weight = nowWeight;
        }
        String reason = loop.describe() + " " + loop.state().name().toLowerCase() + ": " + cause.reason();
        LOG.info("{}: {}{}", key, reason, report ? "; real server " + (nowUp ? "up, weight " + nowWeight : "down") : "");
        if (report) {
            listener.onChange(key, nowUp, nowWeight, reason);
        }
    }

    private boolean allUp() {
        return loops.stream().allMatch(l -> l.state() == CheckState.UP);
    }

    private int currentWeight() {
        for (CheckLoop l : loops) {
            if (l.weight() >= 0) {
                return l.weight();
            }
        }
        return key.realServer().weight();
    }

    public RealServerKey key() {
        return key;
    }

    /**
     * A reload kept this server and its checkers: the new virtual and real server blocks (weight,
     * inhibit_on_failure, notify scripts) apply from now on, with the checks' state untouched.
     */
    synchronized void update(RealServerKey newKey) {
        key = newKey;
        weight = currentWeight();
    }

    /** Whether the server counts as up now (at start: down if any checker has alpha). */
    public synchronized boolean isUp() {
        return up;
    }

    public synchronized int weight() {
        return weight;
    }

    public List<CheckLoop> checks() {
        return List.copyOf(loops);
    }
}
