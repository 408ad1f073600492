package io.lvs4j.scheduler;

/**
 * mh, Maglev hashing (ip_vs_mh.c). Every server gets a permutation of the M slots from its own
 * address and port (offset = hash1 % M, skip = hash2 % (M - 1) + 1); rounds over the list let
 * each server claim {@code turns} free slots of its permutation until all M are taken. Weights
 * are the servers' last non-zero weights, so a server edited to weight 0 keeps its slots (and is
 * then skipped at lookup). Lookup: hash1(source port-or-0 + source address) % M.
 */
public final class MaglevHashing extends HashingScheduler {
    /** hash1's and hash2's keys (generate_hash_secret): k0 = k1. */
    static final long KEY1 = 2654435761L;
    static final long KEY2 = 2654446892L;
    /** IP_VS_MH_TAB_BITS: weights are scaled so that max / gcd fits in this many bits. */
    private static final int WEIGHT_BITS = 6;

    private final int size;
    private final boolean fallback;
    private final boolean port;
    private final RealServer[] lookup;
    private final boolean[] taken;

    public MaglevHashing(int tableSize, boolean fallback, boolean port) {
        new SchedulerFlags(false, false, false, false, tableSize); // validates the size
        this.size = tableSize;
        this.fallback = fallback;
        this.port = port;
        this.lookup = new RealServer[tableSize];
        this.taken = new boolean[tableSize];
    }

    public MaglevHashing() {
        this(SchedulerFlags.DEFAULT_MH_TABLE_SIZE, false, false);
    }

    @Override
    public String name() {
        return "mh";
    }

    static int hash(int value, long key) {
        return SipHash13.hash(value, key, key);
    }

    /** A server's permutation start (hash1 of port + address, mod M). */
    int offset(RealServer rs) {
        return (int) (Integer.toUnsignedLong(hash(rs.port() + rs.address(), KEY1)) % size);
    }

    /** A server's permutation step (hash2 of port + address, mod M - 1, plus 1). */
    int skip(RealServer rs) {
        return (int) (Integer.toUnsignedLong(hash(rs.port() + rs.address(), KEY2)) % (size - 1)) + 1;
    }

    @Override
    protected void listChanged() {
        // as ip_vs_mh_reassign: ip_vs_mh_permutate then ip_vs_mh_populate
        RealServer[] list = servers;
        int n = list.length;
        int gcd = 0;
        int max = 0;
        for (RealServer rs : list) {
            int lw = rs.lastWeight();
            if (lw > 0) {
                gcd = gcd > 0 ? ServerArray.gcd(lw, gcd) : lw;
            }
            max = Math.max(max, lw);
        }
        if (gcd < 1) {
            java.util.Arrays.fill(lookup, null); // no server or all last weights 0
            return;
        }
        int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / gcd)) - WEIGHT_BITS);
        int[] perm = new int[n];
        int[] skip = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = offset(list[i]);
            skip[i] = skip(list[i]);
            int lw = list[i].lastWeight();
            int t = (lw / gcd) >> shift;
            turns[i] = t != 0 ? t : (lw != 0 ? 1 : 0);
        }
        java.util.Arrays.fill(taken, false);
        int filled = 0;
        while (filled < size) {
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < turns[i]; t++) {
                    int c = perm[i];
                    while (taken[c]) {
                        c += skip[i];
                        if (c >= size) {
                            c -= size;
                        }
                    }
                    perm[i] = c;
                    taken[c] = true;
                    lookup[c] = list[i];
                    if (++filled == size) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        int key = (port ? clientPort : 0) + clientAddress;
        int ihash = slot(key);
        // as ip_vs_mh_get_fallback: re-hash with the offset added into the hash input
        return pick(lookup[ihash], fallback, ihash, key, size);
    }

    @Override
    RealServer rehashed(int roffset, int hash, int key) {
        return lookup[slot(roffset + key)];
    }

    private int slot(int value) {
        return (int) (Integer.toUnsignedLong(hash(value, KEY1)) % size);
    }

    /** The slot's server (tests). */
    RealServer slotServer(int i) {
        return lookup[i];
    }

    int tableSize() {
        return size;
    }
}
