package io.lvs4j.scheduler;

import java.util.Arrays;

/**
 * The connection table's lookup (ip_vs_conn_tab): flow key → slot, a chained hash over an int
 * bucket array with the chain links and the keys in per-slot arrays. A key is (client address,
 * virtual address), (client port, virtual port) and the key bits of the table's per-slot flags
 * (UDP, template), which this class shares with the table; it also owns the flags' "hashed" bit.
 *
 * <p>Confined to the connection table's datapath thread.
 */
final class ConnectionHash {
    /** Set while the slot is on a bucket chain. */
    static final int F_HASHED = 0x40;
    private static final int KEY_FLAGS = SlotFlags.F_UDP | SlotFlags.F_TEMPLATE;
    private static final int NIL = ExpiryLists.NIL;

    // per slot
    private final long[] addresses;   // client address << 32 | virtual address
    private final int[] ports;        // client port << 16 | virtual port
    private final int[] hashNext;     // bucket chain
    private final byte[] flags;       // the table's, shared: key bits and F_HASHED

    private final int[] buckets;
    private final int bucketMask;

    ConnectionHash(int capacity, byte[] flags) {
        this.flags = flags;
        addresses = new long[capacity];
        ports = new int[capacity];
        hashNext = new int[capacity];
        int tableSize = Integer.highestOneBit(capacity);
        if (tableSize < capacity) {
            tableSize <<= 1;
        }
        buckets = new int[tableSize];
        bucketMask = tableSize - 1;
        Arrays.fill(buckets, NIL);
    }

    static long key(int clientAddress, int virtualAddress) {
        return ((long) clientAddress << 32) | (virtualAddress & 0xFFFFFFFFL);
    }

    long address(int s) {
        return addresses[s];
    }

    int port(int s) {
        return ports[s];
    }

    private int bucket(long addressKey, int portKey, int keyFlags) {
        long h = addressKey * 0x9E3779B97F4A7C15L
                + ((portKey & 0xFFFFFFFFL) | ((long) keyFlags << 32)) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (int) h & bucketMask;
    }

    /** The hashed slot with this key, NIL if none. */
    int find(long addressKey, int portKey, int keyFlags) {
        for (int s = buckets[bucket(addressKey, portKey, keyFlags)]; s != NIL; s = hashNext[s]) {
            if (addresses[s] == addressKey && ports[s] == portKey && (flags[s] & KEY_FLAGS) == keyFlags) {
                return s;
            }
        }
        return NIL;
    }

    /** Keys the slot and puts it on its chain; its flags' key bits must already be set. */
    void insert(int s, long addressKey, int portKey) {
        addresses[s] = addressKey;
        ports[s] = portKey;
        flags[s] |= F_HASHED;
        int b = bucket(addressKey, portKey, flags[s] & KEY_FLAGS);
        hashNext[s] = buckets[b];
        buckets[b] = s;
    }

    /** Takes the slot off its chain: find no longer sees it. */
    void unhash(int s) {
        int b = bucket(addresses[s], ports[s], flags[s] & KEY_FLAGS);
        int p = NIL;
        for (int c = buckets[b]; c != NIL; p = c, c = hashNext[c]) {
            if (c == s) {
                if (p == NIL) {
                    buckets[b] = hashNext[s];
                } else {
                    hashNext[p] = hashNext[s];
                }
                break;
            }
        }
        flags[s] &= ~F_HASHED;
    }
}
