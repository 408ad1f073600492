package io.lvs4j.forwarder;

import io.lvs4j.scheduler.RealServer;

/**
 * The MACs of the clients' next hops on the public side, for NAT replies: an on-link client
 * itself, else the gateway. Learnt from ARP and from the clients' own packets (an on-link
 * client's frame shows its MAC), so a reply almost always finds its hop known; a miss sends one
 * ARP request per hop and second and drops the reply (TCP retransmits it).
 *
 * <p>A fixed open-addressed table of primitive arrays: a full probe run overwrites its first
 * slot (the cache forgets, it never grows), so nothing allocates per packet.
 */
final class ClientNeighbours {
    static final int CAPACITY = 4096;
    private static final int PROBES = 8;
    static final long ARP_RETRY_MILLIS = 1_000;

    private final int[] ips = new int[CAPACITY];
    private final long[] macs = new long[CAPACITY];
    private final long[] lastRequest = new long[CAPACITY];
    private final boolean[] used = new boolean[CAPACITY];

    /** Remembers that {@code ip} is at {@code mac}. */
    void learn(int ip, long mac) {
        if (mac == 0 || mac == RealServer.MAC_UNKNOWN) {
            return;
        }
        int s = slot(ip);
        if (!used[s] || ips[s] != ip) {
            used[s] = true;
            ips[s] = ip;
            lastRequest[s] = Long.MIN_VALUE / 2;
        }
        macs[s] = mac;
    }

    /** The MAC of {@code ip}, or {@link RealServer#MAC_UNKNOWN}. */
    long mac(int ip) {
        int s = find(ip);
        return s < 0 ? RealServer.MAC_UNKNOWN : macs[s];
    }

    /** True when an ARP request for the unknown {@code ip} is due (and records it as sent). */
    boolean requestDue(int ip, long nowMillis) {
        int s = find(ip);
        if (s < 0) {
            s = slot(ip);
            used[s] = true;
            ips[s] = ip;
            macs[s] = RealServer.MAC_UNKNOWN;
            lastRequest[s] = nowMillis;
            return true;
        }
        if (nowMillis - lastRequest[s] >= ARP_RETRY_MILLIS) {
            lastRequest[s] = nowMillis;
            return true;
        }
        return false;
    }

    private int find(int ip) {
        int h = hash(ip);
        for (int i = 0; i < PROBES; i++) {
            int s = (h + i) & (CAPACITY - 1);
            if (!used[s]) {
                return -1;
            }
            if (ips[s] == ip) {
                return s;
            }
        }
        return -1;
    }

    /** The slot holding {@code ip}, else a free one on its probe run, else the run's first. */
    private int slot(int ip) {
        int h = hash(ip);
        for (int i = 0; i < PROBES; i++) {
            int s = (h + i) & (CAPACITY - 1);
            if (!used[s] || ips[s] == ip) {
                return s;
            }
        }
        return h & (CAPACITY - 1);
    }

    private static int hash(int ip) {
        int h = ip * 0x9E3779B1;
        return h ^ (h >>> 16);
    }
}
