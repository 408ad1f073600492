package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.add;
import static io.lvs4j.scheduler.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** lblc and lblcr. */
class LocalityTest {
    private static final int DST1 = ip(10, 1, 0, 1);
    private static final int DST2 = ip(10, 1, 0, 2);
    private static final long HOUR = 3600_000L;

    private static RealServer pick(VirtualService svc, int dst, long now) {
        return svc.scheduler().schedule(svc, 1, 1, dst, now);
    }

    private static void active(RealServer rs, int n) {
        for (int i = 0; i < n; i++) {
            rs.bind(false, true);
        }
    }

    @Test
    void lblcRemembersTheServerPerDestination() {
        VirtualService svc = Lab.service(new LocalityBasedLeastConnection());
        RealServer b = add(svc, 2, 1);
        RealServer a = add(svc, 1, 1);
        assertSame(a, pick(svc, DST1, 0));
        active(a, 1);
        assertSame(b, pick(svc, DST2, 0)); // wlc: a is loaded
        active(b, 5);
        assertSame(a, pick(svc, DST1, 1000)); // cached, though b … a has 1 active, weight 1: not > weight
    }

    @Test
    void lblcOverloadRuleNeedsAServerUnderHalfItsWeight() {
        VirtualService svc = Lab.service(new LocalityBasedLeastConnection());
        RealServer b = add(svc, 2, 4);
        RealServer a = add(svc, 1, 1);
        LocalityBasedLeastConnection lblc = (LocalityBasedLeastConnection) svc.scheduler();
        assertSame(a, pick(svc, DST1, 0)); // a first eligible; b: 0*4 > 0*1 is false
        active(a, 2); // a: 2 > weight 1; b: 0*2 < 4 → lblc-overloaded
        assertSame(b, pick(svc, DST1, 1));
        assertSame(b, lblc.cached(DST1));
        active(b, 5); // b: 5 > 4, but nobody under half: a 4 < 1? no; b 10 < 4? no
        assertSame(b, pick(svc, DST1, 2));
        Lab.weight(svc, b, 0);
        assertSame(a, pick(svc, DST1, 3));
        svc.removeServer(a);
        assertNull(pick(svc, DST1, 4)); // removed cached server, b has weight 0
    }

    @Test
    void lblcCacheHitIgnoresTheThresholdFlagLikeTheKernel() {
        VirtualService svc = Lab.service(new LocalityBasedLeastConnection());
        add(svc, 2, 1);
        RealServer a = add(svc, 1, 1, 1, 0);
        assertSame(a, pick(svc, DST1, 0));
        a.bind(false, false);
        assertEquals(true, a.overloaded());
        assertSame(a, pick(svc, DST1, 1));
    }

    @Test
    void lblcEntriesExpireAfterADayIdleAtTheHalfHourlyCheck() {
        VirtualService svc = Lab.service(new LocalityBasedLeastConnection());
        add(svc, 2, 1);
        add(svc, 1, 1);
        LocalityBasedLeastConnection lblc = (LocalityBasedLeastConnection) svc.scheduler();
        pick(svc, DST1, 0); // timer starts: checks at 60 s, 120 s, …; full check every 30th
        pick(svc, DST2, 10 * HOUR);
        assertEquals(2, lblc.entries());
        // DST1 idle since 0; full checks run at every 30 min (the 30th 60 s tick); the one at
        // exactly 24 h drops it (kept only while now < lastuse + 24 h)
        pick(svc, DST2, 24 * HOUR - 1);
        assertEquals(2, lblc.entries());
        pick(svc, DST2, 24 * HOUR);
        assertEquals(1, lblc.entries());
        assertNull(lblc.cached(DST1));
    }

    @Test
    void lblcrAddsTheServiceChoiceWhenTheSetIsOverloadedAndShrinksAfterADay() {
        VirtualService svc = Lab.service(new LocalityBasedLeastConnectionWithReplication());
        RealServer b = add(svc, 2, 4);
        RealServer a = add(svc, 1, 1);
        LocalityBasedLeastConnectionWithReplication lblcr =
                (LocalityBasedLeastConnectionWithReplication) svc.scheduler();
        assertSame(a, pick(svc, DST1, 0));
        active(a, 2); // lblc-overloaded (b under half its weight)
        assertSame(b, pick(svc, DST1, 1));
        assertEquals(List.of(b, a), lblcr.cachedSet(DST1));
        // the set's wlc choice: b (0 active) over a
        assertSame(b, pick(svc, DST1, 2));
        // unchanged for more than 24 h with 2 members: the most loaded (a: 512/1) leaves
        assertSame(b, pick(svc, DST1, 1 + 24 * HOUR + 1));
        assertEquals(List.of(b), lblcr.cachedSet(DST1));
    }
}
