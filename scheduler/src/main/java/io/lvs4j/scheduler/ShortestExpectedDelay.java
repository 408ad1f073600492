package io.lvs4j.scheduler;

/**
 * sed (ip_vs_sed.c): wlc's comparison with overhead = activeconns + 1; inactive connections are
 * ignored, so for UDP (always inactive) it ranks by weight alone.
 */
public final class ShortestExpectedDelay extends ListScheduler {
    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        return WeightedLeastConnection.pick(servers, true);
    }

    @Override
    public String name() {
        return "sed";
    }
}
