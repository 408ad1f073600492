package io.lvs4j.scheduler;

/**
 * dh (ip_vs_dh.c): 256 buckets, bucket i holds server i mod n in list order (weights ignored),
 * rebuilt when servers come and go. The destination address picks the bucket; an unavailable or
 * weight-0 server there means NULL, with no fallback.
 */
public final class DestinationHashing extends ListScheduler {
    static final int BITS = 8;
    private final RealServer[] buckets = new RealServer[1 << BITS];

    @Override
    public String name() {
        return "dh";
    }

    @Override
    protected void listChanged() {
        // as ip_vs_dh_reassign; an edit changes nothing here (the kernel has no upd_dest for dh)
        RealServer[] list = servers;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = list.length == 0 ? null : list[i % list.length];
        }
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        RealServer rs = buckets[ServerArray.hash32(virtualAddress, BITS)];
        if (rs == null || rs.weight() <= 0 || rs.unavailable()) {
            return null;
        }
        return rs;
    }

    /** The bucket's server (tests). */
    RealServer bucket(int i) {
        return buckets[i];
    }
}
