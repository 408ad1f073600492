package io.lvs4j.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * lblcr (ip_vs_lblcr.c): each destination address keeps a set of servers (newest first). The set's
 * wlc choice is used unless it is lblc-overloaded (or there is none); then the service-wide wlc
 * choice is taken and added to the set. A set with more than one member that has not changed for
 * the expiration time (24 h) loses its most loaded member.
 */
public final class LocalityBasedLeastConnectionWithReplication
        extends LocalityCache<LocalityBasedLeastConnectionWithReplication.Item> {

    static final class Item extends LocalityCache.Entry {
        final List<RealServer> set = new ArrayList<>(2);
        long lastModified;

        Item(int address, long now) {
            super(address, now);
        }

        /** ip_vs_dest_set_insert: at the head, unless already there. */
        void insert(RealServer rs, long now) {
            if (!set.contains(rs)) {
                set.add(0, rs);
                lastModified = now;
            }
        }
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        Item item = lookUp(virtualAddress, nowMillis);
        if (item != null) {
            RealServer rs = setMin(item.set);
            if (item.set.size() > 1 && nowMillis > item.lastModified + EXPIRATION_MILLIS) {
                RealServer most = setMax(item.set);
                if (most != null) {
                    item.set.remove(most);
                    item.lastModified = nowMillis;
                }
            }
            if (rs != null && !overloaded(rs)) {
                return rs;
            }
            rs = WeightedLeastConnection.pick(servers);
            if (rs != null) {
                item.insert(rs, nowMillis);
            }
            return rs;
        }
        RealServer rs = WeightedLeastConnection.pick(servers);
        if (rs == null) {
            return null;
        }
        item = new Item(virtualAddress, nowMillis);
        item.insert(rs, nowMillis);
        put(item);
        return rs;
    }

    /** ip_vs_dest_set_min: wlc over the set, skipping removed and unavailable members. */
    private static RealServer setMin(List<RealServer> set) {
        RealServer least = null;
        long leastOverhead = 0;
        int i = 0;
        for (; i < set.size(); i++) {
            RealServer rs = set.get(i);
            if (!rs.unavailable() && rs.weight() > 0 && !rs.removed()) {
                least = rs;
                leastOverhead = rs.overhead();
                break;
            }
        }
        if (least == null) {
            return null;
        }
        for (i++; i < set.size(); i++) {
            RealServer rs = set.get(i);
            if (rs.unavailable()) {
                continue;
            }
            long overhead = rs.overhead();
            if (leastOverhead * rs.weight() > overhead * least.weight() && !rs.removed()) {
                least = rs;
                leastOverhead = overhead;
            }
        }
        return least;
    }

    /** ip_vs_dest_set_max: the member with the highest overhead per weight (weight > 0). */
    private static RealServer setMax(List<RealServer> set) {
        RealServer most = null;
        long mostOverhead = 0;
        int i = 0;
        for (; i < set.size(); i++) {
            RealServer rs = set.get(i);
            if (rs.weight() > 0) {
                most = rs;
                mostOverhead = rs.overhead();
                break;
            }
        }
        if (most == null) {
            return null;
        }
        for (i++; i < set.size(); i++) {
            RealServer rs = set.get(i);
            long overhead = rs.overhead();
            if (mostOverhead * rs.weight() < overhead * most.weight() && rs.weight() > 0) {
                most = rs;
                mostOverhead = overhead;
            }
        }
        return most;
    }

    /** The destination's server set, newest first, or an empty list (tests). */
    List<RealServer> cachedSet(int address) {
        Item item = get(address);
        return item == null ? List.of() : List.copyOf(item.set);
    }

    @Override
    public String name() {
        return "lblcr";
    }
}
