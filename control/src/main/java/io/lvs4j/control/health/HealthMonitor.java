package io.lvs4j.control.health;

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

/**
 * Every real server's checks for one keepalived configuration, run on their own daemon threads
 * (never the datapath's). Checks block on I/O, so a few threads share them.
 */
public final class HealthMonitor implements AutoCloseable {
    private final List<RealServerHealth> servers = new ArrayList<>();
    private final int threads;
    private ScheduledExecutorService executor;

    public HealthMonitor(KeepalivedConfig config, HealthListener listener, Clock clock, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " (allowed: 1 or more)");
        }
        this.threads = threads;
        for (VirtualServer vs : config.virtualServers()) {
            for (RealServer rs : vs.realServers()) {
                servers.add(new RealServerHealth(new RealServerKey(vs, rs), clock, listener));
            }
        }
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
        for (RealServerHealth s : servers) {
            for (int i = 0; i < s.checks().size(); i++) {
                CheckLoop loop = s.checks().get(i);
                Duration warmup = s.key().realServer().checkers().get(i).options().warmup();
                long nanos = warmup.isZero() ? 0 : ThreadLocalRandom.current().nextLong(warmup.toNanos() + 1);
                loop.start(executor, Duration.ofNanos(nanos));
            }
        }
    }

    /** The real servers with their initial state ({@link RealServerHealth#isUp}) and their checks. */
    public List<RealServerHealth> servers() {
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
