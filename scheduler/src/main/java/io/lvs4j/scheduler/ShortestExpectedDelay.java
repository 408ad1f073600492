package io.lvs4j.scheduler;

/**
 * sed (ip_vs_sed.c): wlc's comparison with overhead = activeconns + 1; inactive connections are
 * ignored, so for UDP (always inactive) it ranks by weight alone.
 */
public final class ShortestExpectedDelay extends ListScheduler {
    @Override
    public String name() {
        return "sed";
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        RealServer[] list = servers;
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
        long leastOverhead = least.activeConnections() + 1L;
        for (i++; i < n; i++) {
            RealServer rs = list[i];
            if (rs.unavailable()) {
                continue;
            }
            long overhead = rs.activeConnections() + 1L;
            if (leastOverhead * rs.weight() > overhead * least.weight()) {
                least = rs;
                leastOverhead = overhead;
            }
        }
        return least;
    }
}
