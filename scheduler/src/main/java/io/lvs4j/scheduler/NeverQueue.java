package io.lvs4j.scheduler;

/**
 * nq (ip_vs_nq.c): the first available server with weight > 0 and no active connection wins at
 * once; otherwise the sed choice (overhead = activeconns + 1) among those servers.
 */
public final class NeverQueue extends ListScheduler {
    @Override
    public String name() {
        return "nq";
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        RealServer[] list = servers;
        RealServer least = null;
        long leastOverhead = 0;
        for (int i = 0; i < list.length; i++) {
            RealServer rs = list[i];
            if (rs.unavailable() || rs.weight() == 0) {
                continue;
            }
            long overhead = rs.activeConnections() + 1L;
            if (rs.activeConnections() == 0) {
                return rs; // an idle server: no queueing at all
            }
            if (least == null || leastOverhead * rs.weight() > overhead * least.weight()) {
                least = rs;
                leastOverhead = overhead;
            }
        }
        return least;
    }
}
