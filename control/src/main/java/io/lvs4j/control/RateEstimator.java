package io.lvs4j.control;

import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Stats;
import io.lvs4j.scheduler.VirtualService;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Rates for ipvsadm -L --rate, estimated as the kernel's ip_vs_est.c does: every 2 seconds the
 * counters' growth is taken as a rate and smoothed with weight 1/4 (an exponential average with
 * about an 8-second memory), in fixed point (2^10 for per-second counts, 2^5 for bytes) and
 * rounded the kernel's way when read. OutPPS/OutBPS stay 0 in DR and TUN: replies bypass us.
 *
 * <p>Confined to the datapath thread like the counters it reads; {@link #sample} is called about
 * every 2 s (calls in between are ignored, so callers need not be exact).
 */
public final class RateEstimator {
    /** The kernel's estimation period. */
    public static final long PERIOD_MILLIS = 2000;

    /** Rates as ipvsadm shows them: connections, packets and bytes per second. */
    public record Rate(long cps, long inPps, long outPps, long inBps, long outBps) {
        static final Rate ZERO = new Rate(0, 0, 0, 0, 0);
    }

    /** One estimator per counter set (the kernel's struct ip_vs_estimator). */
    private static final class Estimate {
        long lastConns;
        long lastInPackets;
        long lastOutPackets;
        long lastInBytes;
        long lastOutBytes;
        long cps;     // connections/s << 10
        long inPps;   // packets/s << 10
        long outPps;
        long inBps;   // bytes/s << 5
        long outBps;
        boolean seen;
    }

    private final Map<Stats, Estimate> estimates = new IdentityHashMap<>();
    private long lastSample = Long.MIN_VALUE;

    /**
     * Takes one sample of every service's and server's counters if a period has passed since
     * the last one. Counter sets no longer in the table are forgotten.
     */
    public void sample(Iterable<VirtualService> services, long nowMillis) {
        if (lastSample != Long.MIN_VALUE && nowMillis - lastSample < PERIOD_MILLIS) {
            return;
        }
        lastSample = nowMillis;
        for (Estimate e : estimates.values()) {
            e.seen = false;
        }
        for (VirtualService svc : services) {
            update(svc.stats());
            for (RealServer rs : svc.servers()) {
                update(rs.stats());
            }
        }
        estimates.values().removeIf(e -> !e.seen);
    }

    private void update(Stats s) {
        // a new counter set started at 0 when its service or server was created, like the kernel's
        Estimate e = estimates.computeIfAbsent(s, k -> new Estimate());
        e.seen = true;
        // per 2 s: << 10 for the fixed point, >> 1 for the period = << 9
        e.cps += (((s.connections - e.lastConns) << 9) - e.cps) >> 2;
        e.inPps += (((s.inPackets - e.lastInPackets) << 9) - e.inPps) >> 2;
        e.outPps += (((s.outPackets - e.lastOutPackets) << 9) - e.outPps) >> 2;
        // bytes: << 5 fixed point, >> 1 for the period = << 4
        e.inBps += (((s.inBytes - e.lastInBytes) << 4) - e.inBps) >> 2;
        e.outBps += (((s.outBytes - e.lastOutBytes) << 4) - e.outBps) >> 2;
        e.lastConns = s.connections;
        e.lastInPackets = s.inPackets;
        e.lastOutPackets = s.outPackets;
        e.lastInBytes = s.inBytes;
        e.lastOutBytes = s.outBytes;
    }

    /** The current rates of a counter set, rounded as ip_vs_read_estimator does; zeros if never sampled. */
    public Rate rate(Stats s) {
        Estimate e = estimates.get(s);
        if (e == null) {
            return Rate.ZERO;
        }
        return new Rate((e.cps + 0x1FF) >> 10, (e.inPps + 0x1FF) >> 10, (e.outPps + 0x1FF) >> 10,
                (e.inBps + 0xF) >> 5, (e.outBps + 0xF) >> 5);
    }

    /** ipvsadm -Z: the counters were zeroed, so the estimate starts again from nothing. */
    public void zero(Stats s) {
        Estimate e = estimates.get(s);
        if (e != null) {
            Estimate fresh = new Estimate();
            fresh.seen = true;
            fresh.lastConns = s.connections;
            fresh.lastInPackets = s.inPackets;
            fresh.lastOutPackets = s.outPackets;
            fresh.lastInBytes = s.inBytes;
            fresh.lastOutBytes = s.outBytes;
            estimates.put(s, fresh);
        }
    }
}
