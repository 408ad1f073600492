package io.lvs4j.scheduler;

/**
 * lblc (ip_vs_lblc.c): remembers one server per destination address. A cached server is used
 * again unless it was removed, has weight 0 or is lblc-overloaded; otherwise the wlc choice over
 * the service is taken and remembered. Like the kernel, the hit test does not look at the -x
 * threshold flag; it does skip a server whose next hop is unknown (lvs4j cannot send to it).
 */
public final class LocalityBasedLeastConnection extends LocalityCache<LocalityBasedLeastConnection.Item> {

    static final class Item extends LocalityCache.Entry {
        RealServer server;

        Item(int address, long lastUse, RealServer server) {
            super(address, lastUse);
            this.server = server;
        }
    }

    @Override
    public String name() {
        return "lblc";
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        Item item = lookUp(virtualAddress, nowMillis);
        if (item != null) {
            RealServer rs = item.server;
            if (!rs.removed() && rs.nextHopMac() != RealServer.MAC_UNKNOWN && rs.weight() > 0
                    && !overloaded(rs)) {
                return rs;
            }
        }
        RealServer rs = WeightedLeastConnection.pick(servers);
        if (rs == null) {
            return null;
        }
        // as ip_vs_lblc_new: replace the entry when it names another server
        if (item == null || item.server != rs) {
            if (item != null) {
                remove(item);
            }
            put(new Item(virtualAddress, nowMillis, rs));
        }
        return rs;
    }

    /** The cached server for a destination, or null (tests). */
    RealServer cached(int address) {
        Item item = get(address);
        return item == null ? null : item.server;
    }
}
