package io.lvs4j.scheduler;

/**
 * sh and mh: a hash of the client names a server. Without the fallback flag an unavailable one
 * means no server; with it, the hash is taken again with growing offsets until an available one
 * turns up (ip_vs_sh_get_fallback, ip_vs_mh_get_fallback: the same walk, each with its own re-hash).
 */
abstract class HashingScheduler extends ListScheduler {
    /**
     * @param first the server the client's hash names, or null for an empty slot
     * @param hash  the client's slot
     * @param key   the hashed value (address, plus port with the port flag)
     * @param size  the table's size: how many offsets the fallback tries
     */
    final RealServer pick(RealServer first, boolean fallback, int hash, int key, int size) {
        if (first == null) {
            return null;
        }
        if (!unavailable(first)) {
            return first;
        }
        if (!fallback) {
            return null;
        }
        for (int offset = 0; offset < size; offset++) {
            RealServer rs = rehashed((offset + hash) % size, hash, key);
            if (rs == null) {
                break;
            }
            if (!unavailable(rs)) {
                return rs;
            }
        }
        return null;
    }

    /** The server the re-hash with offset {@code roffset} names (null for an empty slot). */
    abstract RealServer rehashed(int roffset, int hash, int key);

    static boolean unavailable(RealServer rs) {
        return rs.weight() <= 0 || rs.unavailable();
    }
}
