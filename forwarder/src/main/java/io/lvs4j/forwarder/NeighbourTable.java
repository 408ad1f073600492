package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MACs of the real servers (their next hops), learnt by ARP from the director. A server
 * whose MAC is not known yet takes no new connections (RealServer.unavailable()) and is
 * logged once. Small by nature (one entry per next hop), so plain arrays scanned in order:
 * nothing here boxes or allocates when an ARP frame arrives.
 */
final class NeighbourTable {
    static final long RETRY_MILLIS = 1_000;
    static final long REFRESH_MILLIS = 30_000;
    static final long COMPLAIN_AFTER_MILLIS = 3_000;
    private static final Logger log = LoggerFactory.getLogger(NeighbourTable.class);

    /** Sends an ARP who-has for an address. */
    interface Resolver {
        void request(int ip);
    }

    private int[] ips = new int[0];
    private long[] macs = new long[0];
    private long[] lastRequest = new long[0];
    private long[] since = new long[0];
    private boolean[] complained = new boolean[0];
    private RealServer[][] users = new RealServer[0][];

    /**
     * Re-reads which next hops the services need, keeping what is already known, and gives
     * every server its MAC. Called at start and after every table edit (control path).
     */
    void rebuild(List<VirtualService> services, Nic nic, long nowMillis) {
        rebuild(services, nic, nowMillis, rs -> true);
    }

    /** As {@link #rebuild(List, Nic, long)} for the servers {@code mine} accepts (the others sit behind another NIC). */
    void rebuild(List<VirtualService> services, Nic nic, long nowMillis, java.util.function.Predicate<RealServer> mine) {
        List<Integer> wanted = new ArrayList<>();
        List<List<RealServer>> byHop = new ArrayList<>();
        for (VirtualService svc : services) {
            for (RealServer rs : svc.servers()) {
                if (!mine.test(rs)) {
                    continue;
                }
                int hop = nextHop(rs, nic);
                int i = wanted.indexOf(hop);
                if (i < 0) {
                    wanted.add(hop);
                    byHop.add(new ArrayList<>());
                    i = wanted.size() - 1;
                }
                byHop.get(i).add(rs);
            }
        }
        int n = wanted.size();
        int[] newIps = new int[n];
        long[] newMacs = new long[n];
        long[] newLast = new long[n];
        long[] newSince = new long[n];
        boolean[] newComplained = new boolean[n];
        RealServer[][] newUsers = new RealServer[n][];
        for (int i = 0; i < n; i++) {
            newIps[i] = wanted.get(i);
            int old = indexOf(newIps[i]);
            newMacs[i] = old >= 0 ? macs[old] : RealServer.MAC_UNKNOWN;
            newLast[i] = old >= 0 ? lastRequest[old] : Long.MIN_VALUE / 2;
            newSince[i] = old >= 0 ? since[old] : nowMillis;
            newComplained[i] = old >= 0 && complained[old];
            newUsers[i] = byHop.get(i).toArray(new RealServer[0]);
            for (RealServer rs : newUsers[i]) {
                rs.nextHopResolved(newMacs[i]);
            }
        }
        ips = newIps;
        macs = newMacs;
        lastRequest = newLast;
        since = newSince;
        complained = newComplained;
        users = newUsers;
    }

    /** DR servers are on the LAN by definition; a TUN server off the LAN is reached through the gateway. */
    static int nextHop(RealServer rs, Nic nic) {
        if (rs.method() == ForwardingMethod.TUNNEL && !nic.onLink(rs.address()) && nic.gateway() != 0) {
            return nic.gateway();
        }
        return rs.address();
    }

    /** An ARP frame showed {@code ip} at {@code mac}; returns true when that is one of our next hops. */
    boolean learn(int ip, long mac, long nowMillis) {
        int i = indexOf(ip);
        if (i < 0 || mac == 0) {
            return false;
        }
        if (macs[i] != mac) {
            if (macs[i] == RealServer.MAC_UNKNOWN) {
                log.info("real server {} is at {}", Ipv4Address.toString(ip), io.lvs4j.packet.MacAddress.toString(mac));
            } else {
                log.warn("real server {} moved to {}", Ipv4Address.toString(ip), io.lvs4j.packet.MacAddress.toString(mac));
            }
            macs[i] = mac;
            for (RealServer rs : users[i]) {
                rs.nextHopResolved(mac);
            }
        }
        since[i] = nowMillis;
        complained[i] = false;
        return true;
    }

    /** Asks again for unknown MACs every second and refreshes known ones every 30 s. */
    void tick(long nowMillis, Resolver resolver) {
        for (int i = 0; i < ips.length; i++) {
            boolean known = macs[i] != RealServer.MAC_UNKNOWN;
            long interval = known ? REFRESH_MILLIS : RETRY_MILLIS;
            if (nowMillis - lastRequest[i] >= interval) {
                lastRequest[i] = nowMillis;
                resolver.request(ips[i]);
            }
            if (!known && !complained[i] && nowMillis - since[i] >= COMPLAIN_AFTER_MILLIS) {
                complained[i] = true;
                log.warn("real server {} does not answer ARP; it gets no new connections until it does",
                        Ipv4Address.toString(ips[i]));
            }
        }
    }

    /** Next hops whose MAC is still unknown. */
    int unresolved() {
        int n = 0;
        for (long mac : macs) {
            if (mac == RealServer.MAC_UNKNOWN) {
                n++;
            }
        }
        return n;
    }

    /** Pre-seeds a MAC (offline replay's --neigh), as if ARP had answered. */
    void seed(int ip, long mac) {
        learn(ip, mac, 0);
    }

    private int indexOf(int ip) {
        for (int i = 0; i < ips.length; i++) {
            if (ips[i] == ip) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "NeighbourTable" + Arrays.toString(ips);
    }
}
