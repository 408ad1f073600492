package io.lvs4j.scheduler;

/** lc (ip_vs_lc.c): the least overhead among servers with weight > 0; ties to the earlier server. */
public final class LeastConnection extends ListScheduler {
    @Override
    public String name() {
        return "lc";
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        RealServer[] list = servers;
        RealServer least = null;
        int leastOverhead = 0;
        for (int i = 0; i < list.length; i++) {
            RealServer rs = list[i];
            if (rs.unavailable() || rs.weight() == 0) {
                continue;
            }
            int overhead = rs.overhead();
            if (least == null || overhead < leastOverhead) {
                least = rs;
                leastOverhead = overhead;
            }
        }
        return least;
    }
}
