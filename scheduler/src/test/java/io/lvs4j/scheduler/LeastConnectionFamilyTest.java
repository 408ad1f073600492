package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.add;
import static io.lvs4j.scheduler.Lab.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** lc, wlc, sed, nq, fo, ovf: choices from connection counts set by hand. */
class LeastConnectionFamilyTest {

    private static void conns(RealServer rs, int active, int inactive) {
        for (int i = 0; i < active; i++) {
            rs.bind(false, true);
        }
        for (int i = 0; i < inactive; i++) {
            rs.bind(false, false);
        }
    }

    private static int choose(String scheduler, int[] weights, int[][] conns) {
        VirtualService svc = Lab.service(Schedulers.create(scheduler));
        // add in reverse so that list order is server 1, 2, 3 …
        for (int i = weights.length - 1; i >= 0; i--) {
            RealServer rs = add(svc, i + 1, weights[i]);
            conns(rs, conns[i][0], conns[i][1]);
        }
        return pick(svc, 1, 1);
    }

    @Test
    void lcTakesTheLeastOverheadAndIgnoresWeightSize() {
        // overheads 256*1+0 = 256, 0*256+300 = 300, 256 → first of the two 256s
        assertEquals(1, choose("lc", new int[] {1, 100, 1}, new int[][] {{1, 0}, {0, 300}, {1, 0}}));
        assertEquals(2, choose("lc", new int[] {1, 100, 1}, new int[][] {{1, 0}, {0, 255}, {1, 0}}));
        assertEquals(3, choose("lc", new int[] {1, 0, 1}, new int[][] {{2, 0}, {0, 0}, {1, 0}}));
        assertEquals(0, choose("lc", new int[] {0, 0}, new int[][] {{0, 0}, {0, 0}}));
    }

    @Test
    void wlcComparesOverheadTimesWeight() {
        // 1: 512/2 = 256, 2: 256/1 = 256 (tie → earlier), 3: 768/4 = 192 wins
        assertEquals(3, choose("wlc", new int[] {2, 1, 4}, new int[][] {{2, 0}, {1, 0}, {3, 0}}));
        assertEquals(1, choose("wlc", new int[] {2, 1, 4}, new int[][] {{2, 0}, {1, 0}, {4, 0}}));
        // first eligible is the candidate even with a higher load
        assertEquals(2, choose("wlc", new int[] {0, 1, 1}, new int[][] {{0, 0}, {5, 0}, {5, 0}}));
        // weights 3 and 1, no connections: 3 gets the first, then by the rule
        VirtualService svc = Lab.service(new WeightedLeastConnection());
        RealServer b = add(svc, 2, 1);
        RealServer a = add(svc, 1, 3);
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            RealServer rs = svc.scheduler().schedule(svc, 1, 1, 1, 0);
            rs.bind(false, true);
            seq.append(rs == a ? 'a' : 'b');
        }
        // a:0 b:0 → a; a1*1 > 0*3 → b; a1*1 vs b1*3: 256 > 768? no → a; a2: 512 > 768? no → a;
        // a3: 768 > 768 no → a; a4: 1024 > 768 → b; a4 b2: 1024 > 1536 no → a …
        assertEquals("abaaabaa", seq.toString());
        assertEquals(6, a.activeConnections());
        assertEquals(2, b.activeConnections());
    }

    @Test
    void sedUsesActivePlusOneAndIgnoresInactive() {
        // (1+1)/1 = 2, (3+1)/3 = 1.33 → 2; inactive does not count
        assertEquals(2, choose("sed", new int[] {1, 3}, new int[][] {{1, 0}, {3, 900}}));
        // UDP-like: all inactive → by weight alone
        assertEquals(2, choose("sed", new int[] {1, 2, 2}, new int[][] {{0, 5}, {0, 9}, {0, 0}}));
    }

    @Test
    void nqTakesTheFirstIdleServerAtOnce() {
        assertEquals(2, choose("nq", new int[] {5, 1, 1}, new int[][] {{1, 0}, {0, 7}, {0, 0}}));
        // nobody idle: sed rule → (2+1)/5 = 0.6 vs (1+1)/1 = 2 → 1
        assertEquals(1, choose("nq", new int[] {5, 1}, new int[][] {{2, 0}, {1, 0}}));
        assertEquals(2, choose("nq", new int[] {0, 1}, new int[][] {{0, 0}, {3, 0}}));
    }

    @Test
    void foTakesTheFirstHighestWeight() {
        assertEquals(2, choose("fo", new int[] {1, 5, 5}, new int[][] {{0, 0}, {100, 0}, {0, 0}}));
        assertEquals(0, choose("fo", new int[] {0, 0}, new int[][] {{0, 0}, {0, 0}}));
    }

    @Test
    void ovfOverflowsWhenActivePassesWeight() {
        assertEquals(2, choose("ovf", new int[] {1, 5, 3}, new int[][] {{0, 0}, {5, 0}, {0, 0}}));
        assertEquals(3, choose("ovf", new int[] {1, 5, 3}, new int[][] {{0, 0}, {6, 0}, {0, 0}}));
        assertEquals(0, choose("ovf", new int[] {1, 2}, new int[][] {{2, 0}, {3, 0}}));
    }

    @Test
    void upperThresholdOverloadsEveryScheduler() {
        for (String name : Schedulers.NAMES) {
            if (name.equals("dh") || name.equals("sh") || name.equals("mh")) {
                continue; // hashing: the bucket's server or NULL, tested in HashingTest
            }
            VirtualService svc = Lab.service(Schedulers.create(name));
            RealServer only = add(svc, 1, 1, 1, 0);
            only.bind(false, true);
            assertEquals(true, only.overloaded(), name);
            RealServer got = svc.scheduler().schedule(svc, 1, 1, Lab.VIP, 0);
            if (name.startsWith("lblc")) {
                continue; // see lblc tests: cache hits ignore -x like the kernel; here there is no hit
            }
            assertNull(got, name);
        }
    }

    @Test
    void overloadClearsByTheKernelRule() {
        VirtualService svc = Lab.service(new LeastConnection());
        RealServer a = add(svc, 1, 1, 4, 2); // -x 4 -y 2
        conns(a, 4, 0);
        assertEquals(true, a.overloaded());
        a.unbind(false, true); // 3 >= y
        a.unbind(false, true); // 2 >= y
        assertEquals(true, a.overloaded());
        a.unbind(false, true); // 1 < 2 → clear
        assertEquals(false, a.overloaded());

        RealServer b = add(svc, 2, 1, 8, 0); // no -y: clears when total*4 < 24
        conns(b, 8, 0);
        for (int i = 0; i < 2; i++) {
            b.unbind(false, true);
        }
        assertEquals(true, b.overloaded()); // 6*4 = 24
        b.unbind(false, true);
        assertEquals(false, b.overloaded());

        RealServer c = add(svc, 3, 1, 2, 0);
        conns(c, 2, 0);
        svc.editServer(c, c.method(), 1, 2, 0); // same x: stays
        assertEquals(true, c.overloaded());
        svc.editServer(c, c.method(), 1, 3, 0); // larger x clears
        assertEquals(false, c.overloaded());
        conns(c, 1, 0);
        assertEquals(true, c.overloaded());
        svc.editServer(c, c.method(), 1, 0, 0); // x = 0 clears
        assertEquals(false, c.overloaded());
    }

    @Test
    void templatesDoNotCountTowardTheThreshold() {
        VirtualService svc = Lab.service(new LeastConnection());
        RealServer a = add(svc, 1, 1, 1, 0);
        a.bind(true, false);
        assertEquals(false, a.overloaded());
        assertEquals(1, a.persistentConnections());
    }
}
