package io.lvs4j.scheduler;

/**
 * The destination-address cache shared by lblc and lblcr (ip_vs_lblc.c / ip_vs_lblcr.c): 1024
 * hash chains keyed by hash_32(address, 10), and the kernel's periodic collector run lazily from
 * schedule(): a check every 60 s; every 30th check (while the cache is not oversized) drops entries
 * idle for the expiration time (24 h); when over 16384 entries it drops entries idle for 6 min,
 * at most enough to come back under the limit. Entries change only in schedule(), so running the
 * missed checks at their own times when the next packet comes gives the same cache as real timers.
 */
abstract class LocalityCache<E extends LocalityCache.Entry> extends ListScheduler {
    static final int BITS = 10;
    static final int SIZE = 1 << BITS;
    static final int MAX_ENTRIES = SIZE * 16;
    static final long CHECK_INTERVAL_MILLIS = 60_000;
    static final long ENTRY_TIMEOUT_MILLIS = 6 * 60_000;
    static final long EXPIRATION_MILLIS = 24 * 3600_000L;
    static final int COUNT_FOR_FULL_EXPIRATION = 30;
    private static final int MAX_CATCH_UP = 100_000;

    static class Entry {
        final int address;
        long lastUse;
        Entry next;

        Entry(int address, long lastUse) {
            this.address = address;
            this.lastUse = lastUse;
        }
    }

    private final Entry[] buckets = new Entry[SIZE];
    private int entries;
    private int rover;
    private int counter = 1;
    private long nextCheck = Long.MIN_VALUE;

    /** Runs the periodic checks that fell due before {@code now}. */
    protected final void runTimers(long now) {
        if (nextCheck == Long.MIN_VALUE) {
            nextCheck = now + CHECK_INTERVAL_MILLIS; // the timer starts with the first packet
            return;
        }
        for (int i = 0; now >= nextCheck; i++) {
            if (i == MAX_CATCH_UP) {
                nextCheck = now; // a very long idle gap: one check now is enough
            }
            checkExpire(nextCheck);
            nextCheck += CHECK_INTERVAL_MILLIS;
        }
    }

    /** As ip_vs_lblc_check_expire. */
    private void checkExpire(long now) {
        if (counter % COUNT_FOR_FULL_EXPIRATION == 0) {
            collect(now, EXPIRATION_MILLIS, Integer.MAX_VALUE);
            counter = 1;
            return;
        }
        if (entries <= MAX_ENTRIES) {
            counter++;
            return;
        }
        int goal = (entries - MAX_ENTRIES) * 4 / 3;
        collect(now, ENTRY_TIMEOUT_MILLIS, Math.min(goal, MAX_ENTRIES / 2));
    }

    /** Walks the chains from the rover, dropping entries idle for {@code idle}; stops after a chain once {@code goal} are gone. */
    private void collect(long now, long idle, int goal) {
        int j = rover;
        for (int i = 0; i < SIZE; i++) {
            j = (j + 1) & (SIZE - 1);
            Entry prev = null;
            for (Entry e = buckets[j]; e != null; e = e.next) {
                if (now < e.lastUse + idle) {
                    prev = e;
                    continue;
                }
                if (prev == null) {
                    buckets[j] = e.next;
                } else {
                    prev.next = e.next;
                }
                entries--;
                goal--;
            }
            if (goal <= 0) {
                break;
            }
        }
        rover = j;
    }

    /** A packet's lookup: the timers that fell due run first, and a found entry is marked used now. */
    protected final E lookUp(int address, long now) {
        runTimers(now);
        E entry = get(address);
        if (entry != null) {
            entry.lastUse = now;
        }
        return entry;
    }

    @SuppressWarnings("unchecked")
    protected final E get(int address) {
        for (Entry e = buckets[ServerArray.hash32(address, BITS)]; e != null; e = e.next) {
            if (e.address == address) {
                return (E) e;
            }
        }
        return null;
    }

    protected final void put(E entry) {
        int b = ServerArray.hash32(entry.address, BITS);
        entry.next = buckets[b];
        buckets[b] = entry;
        entries++;
    }

    protected final void remove(E entry) {
        int b = ServerArray.hash32(entry.address, BITS);
        Entry prev = null;
        for (Entry e = buckets[b]; e != null; prev = e, e = e.next) {
            if (e == entry) {
                if (prev == null) {
                    buckets[b] = e.next;
                } else {
                    prev.next = e.next;
                }
                entries--;
                return;
            }
        }
    }

    /** Cached destinations. */
    final int entries() {
        return entries;
    }

    /**
     * The lblc/lblcr notion of overload: more active connections than weight while some server
     * of the service is under half its weight (is_overloaded in ip_vs_lblc.c).
     */
    protected final boolean overloaded(RealServer rs) {
        if (rs.activeConnections() > rs.weight()) {
            for (RealServer d : servers) {
                if (d.activeConnections() * 2 < d.weight()) {
                    return true;
                }
            }
        }
        return false;
    }
}
