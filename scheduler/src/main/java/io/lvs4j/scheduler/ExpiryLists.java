package io.lvs4j.scheduler;

import java.util.Arrays;

/**
 * The connection table's timers: per-(duration, kind) doubly linked lists of slots, each in
 * expiry order. A slot touched by a packet moves to the tail of its list with expiry = now +
 * duration, so a list stays ordered by expiry (and by last use): expiry only looks at list heads,
 * and the oldest head of a kind is that kind's least recently used slot. A slot on no list is free;
 * the free slots are chained through the same {@code next} links, so they cost no extra array.
 *
 * <p>Owns the clock the timers run on: time comes in with each call as {@code nowMillis} and never
 * runs backwards here (an earlier reading is taken as the latest one seen), so a list stays ordered.
 *
 * <p>Also maps the current {@link Timeouts} (re-read when their version changes) to lists: one per
 * TCP state, one for UDP, and a shortened SYN_RECV list for table pressure.
 *
 * <p>Confined to the connection table's datapath thread.
 */
final class ExpiryLists {
    static final int NIL = -1;
    /** ip_vs_conn_expire's "expire_later" delay for a template that still controls connections. */
    static final long TEMPLATE_RETRY_MILLIS = 60_000;

    static final int KIND_ACTIVE = 0;
    static final int KIND_INACTIVE = 1;
    static final int KIND_TEMPLATE = 2;
    /** SYN_RECV: active for ipvsadm, but the first to go when the table is full. */
    static final int KIND_EMBRYONIC = 3;
    /** listOf[] is a byte, -1 = none. */
    private static final int MAX_LISTS = 127;
    private static final int SYN_RECV = TcpState.SYN_RECV.ordinal();

    private final Timeouts timeouts;

    // per slot
    private final long[] expires;     // absolute expiry, ms
    private final int[] prev;         // timer list links; next[] doubles as the free list
    private final int[] next;
    private final byte[] listOf;      // the timer list the slot is on, -1 = none (free or just taken)
    private int freeHead;

    // per list
    private final int[] listHead = new int[MAX_LISTS];
    private final int[] listTail = new int[MAX_LISTS];
    private final long[] listDuration = new long[MAX_LISTS];
    private final int[] listKind = new int[MAX_LISTS];
    private int listCount;

    // timeouts → lists
    private final int[] tcpListOfState = new int[TcpState.values().length];
    private int udpList;
    private int pressureSynRecvList;
    private int timeoutsVersion = Integer.MIN_VALUE;

    private long clock = Long.MIN_VALUE;

    /** Every slot starts free. */
    ExpiryLists(int capacity, Timeouts timeouts) {
        this.timeouts = timeouts;
        expires = new long[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        listOf = new byte[capacity];
        Arrays.fill(listOf, (byte) NIL);
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : NIL;
        }
        freeHead = 0;
    }

    // ---- time ----

    /** Takes {@code nowMillis} as the time unless it is earlier than the latest seen; the time. */
    long advance(long nowMillis) {
        if (nowMillis > clock) {
            clock = nowMillis;
        }
        return clock;
    }

    /** The latest time seen. */
    long clock() {
        return clock;
    }

    // ---- free slots ----

    /** A free slot, off the free list; NIL if none. */
    int takeFree() {
        int s = freeHead;
        if (s != NIL) {
            freeHead = next[s];
        }
        return s;
    }

    /** Takes the slot off its timer list and puts it on the free list. */
    void free(int s) {
        unlink(s);
        next[s] = freeHead;
        freeHead = s;
    }

    // ---- timer lists ----

    long expiry(int s) {
        return expires[s];
    }

    /** How many lists exist; lists are numbered 0 .. count - 1. */
    int count() {
        return listCount;
    }

    /** The slot that expires first on the list, NIL if the list is empty. */
    int head(int list) {
        return listHead[list];
    }

    /** Restarts the slot's timeout: expiry = now + the list's duration, at the tail of that list. */
    void touch(int s, int list, long now) {
        expires[s] = now + listDuration[list];
        if (listOf[s] == list && listTail[list] == s) {
            return;
        }
        unlink(s);
        int t = listTail[list];
        prev[s] = t;
        next[s] = NIL;
        if (t == NIL) {
            listHead[list] = s;
        } else {
            next[t] = s;
        }
        listTail[list] = s;
        listOf[s] = (byte) list;
    }

    private void unlink(int s) {
        int l = listOf[s];
        if (l < 0) {
            return;
        }
        int p = prev[s];
        int n = next[s];
        if (p == NIL) {
            listHead[l] = n;
        } else {
            next[p] = n;
        }
        if (n == NIL) {
            listTail[l] = p;
        } else {
            prev[n] = p;
        }
        listOf[s] = (byte) NIL;
    }

    /** The slot of this kind used longest ago: the oldest of the lists' heads (each list is in use order). */
    int leastRecentlyUsed(int kind) {
        int victim = NIL;
        long oldest = Long.MAX_VALUE;
        for (int l = 0; l < listCount; l++) {
            int h = listHead[l];
            if (listKind[l] == kind && h != NIL) {
                long lastUse = expires[h] - listDuration[l];
                if (lastUse < oldest) {
                    oldest = lastUse;
                    victim = h;
                }
            }
        }
        return victim;
    }

    /**
     * The list for slots of this duration and kind. Lists are few (one per distinct timeout);
     * an empty list is recycled when the limit is reached, and if none is empty the longest list
     * of the kind takes the slot (it then expires exactly but may be noticed late).
     */
    int listFor(long duration, int kind) {
        for (int l = 0; l < listCount; l++) {
            if (listDuration[l] == duration && listKind[l] == kind) {
                return l;
            }
        }
        int l;
        if (listCount < MAX_LISTS) {
            l = listCount++;
        } else {
            l = NIL;
            for (int i = 0; i < MAX_LISTS && l == NIL; i++) {
                if (listHead[i] == NIL && !cached(i)) {
                    l = i;
                }
            }
            if (l == NIL) {
                for (int i = 0; i < MAX_LISTS; i++) {
                    if (listKind[i] == kind && (l == NIL || listDuration[i] > listDuration[l])) {
                        l = i;
                    }
                }
                return l == NIL ? 0 : l;
            }
        }
        listHead[l] = NIL;
        listTail[l] = NIL;
        listDuration[l] = duration;
        listKind[l] = kind;
        return l;
    }

    // ---- timeouts → lists ----

    /** The list of a TCP connection in this state; under table pressure SYN_RECV gets the short one. */
    int tcpList(int state, boolean pressure) {
        if (timeoutsVersion != timeouts.version()) {
            refreshTimeouts();
        }
        if (pressure && state == SYN_RECV) {
            return pressureSynRecvList;
        }
        return tcpListOfState[state];
    }

    int udpList() {
        if (timeoutsVersion != timeouts.version()) {
            refreshTimeouts();
        }
        return udpList;
    }

    /**
     * The list of an entry learnt from a sync master (flags as in {@link SlotFlags}): the master's
     * timeout when it sent one, else the local one of a template (the service's persistence), of
     * UDP or of the TCP state. Here, beside {@link #tcpList}, so the timeouts → lists mapping is in one place.
     */
    int syncedList(int flags, long timeoutMillis, int persistenceSeconds) {
        boolean template = SlotFlags.template(flags);
        long duration = timeoutMillis > 0 ? timeoutMillis
                : template ? persistenceSeconds * 1000L
                : SlotFlags.udp(flags) ? timeouts.udp() * 1000L : timeouts.tcpSeconds(SlotFlags.state(flags)) * 1000L;
        return listFor(duration, template ? KIND_TEMPLATE : SlotFlags.active(flags) ? KIND_ACTIVE : KIND_INACTIVE);
    }

    /** The list of a template that expired while it still controls connections. */
    int templateRetryList() {
        return listFor(TEMPLATE_RETRY_MILLIS, KIND_TEMPLATE);
    }

    private void refreshTimeouts() {
        timeoutsVersion = timeouts.version();
        for (TcpState s : TcpState.values()) {
            int kind = s == TcpState.SYN_RECV ? KIND_EMBRYONIC : s.active() ? KIND_ACTIVE : KIND_INACTIVE;
            tcpListOfState[s.ordinal()] = listFor(timeouts.tcpSeconds(s) * 1000L, kind);
        }
        udpList = listFor(timeouts.udp() * 1000L, KIND_INACTIVE);
        pressureSynRecvList = listFor(Math.min(TablePressure.PRESSURE_SYN_RECV_MILLIS,
                timeouts.tcpSeconds(TcpState.SYN_RECV) * 1000L), KIND_EMBRYONIC);
    }

    /** Whether the timeout mapping points at the list, which must then not be recycled. */
    private boolean cached(int list) {
        if (timeoutsVersion != Integer.MIN_VALUE) {
            if (udpList == list || pressureSynRecvList == list) {
                return true;
            }
            for (int l : tcpListOfState) {
                if (l == list) {
                    return true;
                }
            }
        }
        return false;
    }
}
