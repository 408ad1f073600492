package io.lvs4j.cli.replay;

/**
 * The tests' own reference of sh's and mh's hashing, written from ipvs-semantics.md (not from the
 * scheduler module, whose classes are package-private), and checked against the semantics file's
 * known answers in {@link ReplayReferenceHashesTest} before the replay tests rely on it.
 */
final class ReferenceHashes {
    static final long MH_KEY1 = 2654435761L;
    static final long MH_KEY2 = 2654446892L;

    private ReferenceHashes() {
    }

    /** hash_32(v, bits) = ((v * 0x61C88647) mod 2^32) >> (32 - bits). */
    static int hash32(int v, int bits) {
        long product = (v & 0xffffffffL) * 0x61C88647L & 0xffffffffL;
        return (int) (product >>> (32 - bits));
    }

    /** hsiphash of one u32 on a 64-bit kernel: SipHash-1-3 over its 4 little-endian bytes, low 32 bits. */
    static int hsiphash(int value, long key) {
        long[] v = {0x736f6d6570736575L ^ key, 0x646f72616e646f6dL ^ key, 0x6c7967656e657261L ^ key,
                0x7465646279746573L ^ key};
        long m = 4L << 56 | (value & 0xffffffffL); // the last (only) word: the bytes, length 4 on top
        v[3] ^= m;
        sipRound(v);
        v[0] ^= m;
        v[2] ^= 0xff;
        sipRound(v);
        sipRound(v);
        sipRound(v);
        return (int) (v[0] ^ v[1] ^ v[2] ^ v[3]);
    }

    private static void sipRound(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13) ^ v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16) ^ v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21) ^ v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17) ^ v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    static int mod(int hash, int m) {
        return (int) ((hash & 0xffffffffL) % m);
    }

    static int offset(int address, int port, int m) {
        return mod(hsiphash(address + port, MH_KEY1), m);
    }

    static int skip(int address, int port, int m) {
        return mod(hsiphash(address + port, MH_KEY2), m - 1) + 1;
    }

    /**
     * The Maglev table for servers of equal weight, in list order: rounds over the list, each
     * server taking the next free slot of its permutation (offset, then + skip mod M), until all M
     * slots are filled. Returns slot → index into {@code addresses}.
     */
    static int[] maglev(int[] addresses, int port, int m) {
        int n = addresses.length;
        int[] next = new int[n];
        int[] skip = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = offset(addresses[i], port, m);
            skip[i] = skip(addresses[i], port, m);
        }
        int[] table = new int[m];
        java.util.Arrays.fill(table, -1);
        int filled = 0;
        while (filled < m) {
            for (int i = 0; i < n && filled < m; i++) {
                int c = next[i];
                while (table[c] >= 0) {
                    c = (c + skip[i]) % m;
                }
                table[c] = i;
                next[i] = c;
                filled++;
            }
        }
        return table;
    }

    /** mh's lookup slot for a client (no mh-port): hsiphash1(address) % M. */
    static int maglevSlot(int clientAddress, int m) {
        return mod(hsiphash(clientAddress, MH_KEY1), m);
    }
}
