package io.lvs4j.scheduler;

/**
 * ovf (ip_vs_ovf.c): the first server with the highest weight among those that are available,
 * have weight > 0 and activeconns <= weight — a server takes new connections until its active
 * count passes its weight, then the next highest overflows in.
 */
public final class WeightedOverflow extends ListScheduler {
    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        return WeightedFailover.highest(servers, true);
    }

    @Override
    public String name() {
        return "ovf";
    }
}
