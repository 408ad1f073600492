package io.lvs4j.scheduler;

/**
 * ovf (ip_vs_ovf.c): the first server with the highest weight among those that are available,
 * have weight > 0 and activeconns <= weight — a server takes new connections until its active
 * count passes its weight, then the next highest overflows in.
 */
public final class WeightedOverflow extends ListScheduler {
    @Override
    public String name() {
        return "ovf";
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        RealServer[] list = servers;
        RealServer highest = null;
        int highestWeight = 0;
        for (int i = 0; i < list.length; i++) {
            RealServer rs = list[i];
            int w = rs.weight();
            if (rs.unavailable() || rs.activeConnections() > w || w == 0) {
                continue;
            }
            if (highest == null || w > highestWeight) {
                highest = rs;
                highestWeight = w;
            }
        }
        return highest;
    }
}
