package io.lvs4j.scheduler;

/**
 * wrr (ip_vs_wrr.c). State: cursor (list index, -1 = head), cw (current weight), mw (max weight
 * minus di - 1) and di (gcd of the positive weights). Each pass over the list takes servers with
 * weight >= cw; at the end of a pass cw drops by di and wraps to mw.
 */
public final class WeightedRoundRobin extends ListScheduler {
    private int cursor = -1;
    private int cw;
    private int mw;
    private int di = 1;

    @Override
    public String name() {
        return "wrr";
    }

    int currentWeight() {
        return cw;
    }

    int maxWeight() {
        return mw;
    }

    int gcdWeight() {
        return di;
    }

    int cursor() {
        return cursor;
    }

    @Override
    public void attach(VirtualService service) {
        // as ip_vs_wrr_init_svc: a service built with servers present starts with cw = mw
        servers = ServerArray.of(service);
        cursor = -1;
        computeWeights();
        cw = mw;
    }

    @Override
    protected void listChanged() {
        // as ip_vs_wrr_dest_changed, on every add, remove and edit
        cursor = -1;
        computeWeights();
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = (cw / di) * di + 1;
        }
    }

    private void computeWeights() {
        int g = 0;
        int max = 0;
        for (RealServer rs : servers) {
            int w = rs.weight();
            if (w > 0) {
                g = g > 0 ? ServerArray.gcd(w, g) : w;
            }
            if (w > max) {
                max = w;
            }
        }
        di = g > 0 ? g : 1;
        mw = max - (di - 1);
    }

    @Override
    public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                               int virtualAddress, long nowMillis) {
        if (mw == 0) {
            return null; // all weights 0
        }
        RealServer[] list = servers;
        int n = list.length;
        int last = cursor;
        int stop = Integer.MIN_VALUE; // an index; MIN_VALUE = no stop yet
        boolean lastPass = false;
        boolean restarted = false;
        int i = last;
        while (true) {
            for (i = i + 1; i < n; i++) {
                RealServer rs = list[i];
                if (!rs.unavailable() && rs.weight() >= cw) {
                    cursor = i;
                    return rs;
                }
                if (i == stop) {
                    cursor = i;
                    return null;
                }
            }
            i = -1; // back at the head
            cw -= di;
            if (cw <= 0) {
                cw = mw;
                // give up after a full pass at weight >= 1 (last pass), or when the walk began at the head
                if (lastPass || last == -1) {
                    cursor = -1;
                    return null;
                }
                restarted = true;
            }
            lastPass = cw <= di;
            if (lastPass && restarted && last != -1) {
                restarted = false;
                stop = last;
            }
        }
    }
}
