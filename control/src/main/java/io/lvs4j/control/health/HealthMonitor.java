package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CheckerConfig;
import io.lvs4j.control.keepalived.KeepalivedConfig;
import io.lvs4j.control.keepalived.RealServer;
import io.lvs4j.control.keepalived.VirtualServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Every real server's checks for one keepalived configuration, run on their own daemon threads
 * (never the datapath's). Checks block on I/O, so a few threads share them.
 */
public final class HealthMonitor implements AutoCloseable {
    private final List<RealServerHealth> servers = new ArrayList<>();
    private final int threads;
    private final HealthListener listener;
    private final Clock clock;
    private final Function<CheckerConfig, Checker> checkers;
    private ScheduledExecutorService executor;

    public HealthMonitor(KeepalivedConfig config, HealthListener listener, Clock clock, int threads) {
        this(listener, clock, threads, Checkers::create);
        for (VirtualServer vs : config.virtualServers()) {
            for (RealServer rs : vs.realServers()) {
                servers.add(create(new RealServerKey(vs, rs)));
            }
        }
    }

    /** An empty monitor whose servers come with {@link #create} and {@link #add} (reloads; tests with fake checkers). */
    HealthMonitor(HealthListener listener, Clock clock, int threads, Function<CheckerConfig, Checker> checkers) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " (allowed: 1 or more)");
        }
        this.threads = threads;
        this.listener = listener;
        this.clock = clock;
        this.checkers = checkers;
    }

    /** A real server's health with its initial state, not yet checked: {@link #add} starts it. */
    RealServerHealth create(RealServerKey key) {
        return new RealServerHealth(key, clock, listener, checkers);
    }

    /** Adds a server made by {@link #create}; its checks start at once when the monitor runs. */
    synchronized void add(RealServerHealth server) {
        servers.add(server);
        if (executor != null) {
            start(server);
        }
    }

    /** Stops a server's checks and forgets it (removed by a reload). */
    synchronized void remove(RealServerHealth server) {
        servers.remove(server);
        server.checks().forEach(CheckLoop::stop);
    }

    public HealthMonitor(KeepalivedConfig config, HealthListener listener) {
        this(config, listener, Clock.systemUTC(), 4);
    }

    /** Starts every check; each first one within its warmup (at once without one), as keepalived spreads them. */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newScheduledThreadPool(threads, daemonThreads());
        servers.forEach(this::start);
    }

    private void start(RealServerHealth s) {
        for (int i = 0; i < s.checks().size(); i++) {
            CheckLoop loop = s.checks().get(i);
            Duration warmup = s.key().realServer().checkers().get(i).options().warmup();
            long nanos = warmup.isZero() ? 0 : ThreadLocalRandom.current().nextLong(warmup.toNanos() + 1);
            loop.start(executor, Duration.ofNanos(nanos));
        }
    }

    /** The real servers with their initial state ({@link RealServerHealth#isUp}) and their checks. */
    public synchronized List<RealServerHealth> servers() {
        return List.copyOf(servers);
    }

    @Override
    public synchronized void close() {
        for (RealServerHealth s : servers) {
            s.checks().forEach(CheckLoop::stop);
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "lvs4j-health-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
