package io.lvs4j.scheduler;

/**
 * wlc (ip_vs_wlc.c): the first available server with weight > 0 is the candidate; a later
 * available server d replaces it when overhead(cand) * w(d) > overhead(d) * w(cand), in 64 bits.
 * (A later weight-0 server can never win that comparison, as in the kernel.)
 */
public final class WeightedLeastConnection extends ListScheduler {
    @Override
    public String name() {
        return "wlc";
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        return pick(servers, false);
    }

    /** The wlc choice over a list (also lblc's and lblcr's service-wide fallback). */
    static RealServer pick(RealServer[] list) {
        return pick(list, false);
    }

    /**
     * The wlc comparison over a list with the kernel's overhead, or with sed's (activeconns + 1,
     * inactive connections ignored) when {@code expectedDelay}.
     */
    static RealServer pick(RealServer[] list, boolean expectedDelay) {
        int n = list.length;
        int i = 0;
        RealServer least = null;
        for (; i < n; i++) {
            RealServer rs = list[i];
            if (!rs.unavailable() && rs.weight() > 0) {
                least = rs;
                break;
            }
        }
        if (least == null) {
            return null;
        }
        long leastOverhead = overhead(least, expectedDelay);
        for (i++; i < n; i++) {
            RealServer rs = list[i];
            if (rs.unavailable()) {
                continue;
            }
            long overhead = overhead(rs, expectedDelay);
            if (leastOverhead * rs.weight() > overhead * least.weight()) {
                least = rs;
                leastOverhead = overhead;
            }
        }
        return least;
    }

    private static long overhead(RealServer rs, boolean expectedDelay) {
        return expectedDelay ? rs.activeConnections() + 1L : rs.overhead();
    }
}
