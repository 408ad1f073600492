package io.lvs4j.scheduler;

/**
 * rr (ip_vs_rr.c). The cursor is an index into the list, or -1 for the list head itself (where
 * the kernel's sched_data starts). A scan starts after the cursor and wraps round to end at the
 * cursor's own server; it takes the first server with weight > 0 that is available.
 */
public final class RoundRobin extends ListScheduler {
    private int cursor = -1;

    @Override
    public String name() {
        return "rr";
    }

    /** The cursor's list index, -1 = the list head (for tests and -L debugging). */
    int cursor() {
        return cursor;
    }

    @Override
    public void attach(VirtualService service) {
        cursor = -1; // ip_vs_rr_init_svc: sched_data = &svc->destinations
        super.attach(service);
    }

    @Override
    public void serverAdded(VirtualService service, RealServer server) {
        // the kernel's cursor is a list node: a head insertion shifts its index by one
        if (cursor >= 0) {
            cursor++;
        }
        super.serverAdded(service, server);
    }

    @Override
    public void serverRemoved(VirtualService service, RealServer server, int formerIndex) {
        // as ip_vs_rr_del_dest: the cursor's own server leaves → the cursor moves to its predecessor
        if (cursor == formerIndex) {
            cursor = formerIndex - 1;
        } else if (cursor > formerIndex) {
            cursor--;
        }
        super.serverRemoved(service, server, formerIndex);
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        RealServer[] list = servers;
        int n = list.length;
        int last = cursor;
        // first pass: after the cursor to the tail
        for (int i = last + 1; i < n; i++) {
            if (eligible(list[i])) {
                cursor = i;
                return list[i];
            }
        }
        // second pass (only when the cursor is not the head): from the head to the cursor itself
        for (int i = 0; i <= last && i < n; i++) {
            if (eligible(list[i])) {
                cursor = i;
                return list[i];
            }
        }
        return null;
    }

    private static boolean eligible(RealServer rs) {
        return rs.weight() > 0 && !rs.unavailable();
    }
}
