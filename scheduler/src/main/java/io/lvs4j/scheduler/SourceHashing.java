package io.lvs4j.scheduler;

/**
 * sh (ip_vs_sh.c): 256 buckets filled in list order, each server repeated weight times (a weight-0
 * server still takes one), wrapping until full; rebuilt on add, remove and edit. The key is
 * hash_32(source port-or-0 + source address, 8).
 */
public final class SourceHashing extends HashingScheduler {
    static final int BITS = 8;
    static final int SIZE = 1 << BITS;
    private final RealServer[] buckets = new RealServer[SIZE];
    private final boolean fallback;
    private final boolean port;

    public SourceHashing(boolean fallback, boolean port) {
        this.fallback = fallback;
        this.port = port;
    }

    public SourceHashing() {
        this(false, false);
    }

    @Override
    public String name() {
        return "sh";
    }

    @Override
    protected void listChanged() {
        // as ip_vs_sh_reassign
        RealServer[] list = servers;
        int d = 0;
        int count = 0;
        for (int i = 0; i < SIZE; i++) {
            if (list.length == 0) {
                buckets[i] = null;
                continue;
            }
            RealServer rs = list[d];
            buckets[i] = rs;
            if (++count >= rs.weight()) {
                d = (d + 1) % list.length;
                count = 0;
            }
        }
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        int key = (port ? clientPort : 0) + clientAddress;
        int hash = ServerArray.hash32(key, BITS);
        return pick(buckets[hash], fallback, hash, key, SIZE);
    }

    @Override
    RealServer rehashed(int roffset, int hash, int key) {
        // as ip_vs_sh_get_fallback: ip_vs_sh_hashkey(offset = roffset) adds roffset to the hashed key again
        return buckets[(roffset + hash) & (SIZE - 1)];
    }

    RealServer bucket(int i) {
        return buckets[i];
    }
}
