package io.lvs4j.scheduler;

/** fo (ip_vs_fo.c): the first available server with the highest weight (weight > 0). */
public final class WeightedFailover extends ListScheduler {
    @Override
    public String name() {
        return "fo";
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        return highest(servers, false);
    }

    /**
     * The first available server with the highest weight (weight > 0); with {@code overflow}
     * (ovf) only among those whose active connections do not exceed their weight.
     */
    static RealServer highest(RealServer[] list, boolean overflow) {
        RealServer highest = null;
        int highestWeight = 0;
        for (int i = 0; i < list.length; i++) {
            RealServer rs = list[i];
            if (!rs.unavailable() && rs.weight() > highestWeight
                    && !(overflow && rs.activeConnections() > rs.weight())) {
                highest = rs;
                highestWeight = rs.weight();
            }
        }
        return highest;
    }
}
