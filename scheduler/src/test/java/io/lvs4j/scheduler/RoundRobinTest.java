package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.add;
import static io.lvs4j.scheduler.Lab.picks;
import static io.lvs4j.scheduler.Lab.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundRobinTest {
    private final VirtualService svc = Lab.service(new RoundRobin());

    @Test
    void walksTheListFromTheHeadInListOrder() {
        add(svc, 1, 1);
        add(svc, 2, 1);
        add(svc, 3, 1); // list: 3 2 1
        assertEquals(seq(3, 2, 1, 3, 2, 1, 3), picks(svc, 7));
    }

    @Test
    void weightZeroIsSkippedAndAllZeroGivesNull() {
        RealServer a = add(svc, 1, 1);
        RealServer b = add(svc, 2, 0);
        add(svc, 3, 1);
        assertEquals(seq(3, 1, 3, 1), picks(svc, 4));
        Lab.weight(svc, b, 5);
        // cursor at 1 (index 2): next scan wraps to the head
        assertEquals(seq(3, 2, 1), picks(svc, 3));
        Lab.weight(svc, a, 0);
        Lab.weight(svc, b, 0);
        Lab.weight(svc, svc.servers().get(0), 0);
        assertEquals(seq(0, 0), picks(svc, 2));
    }

    @Test
    void removingTheCursorsServerMovesTheCursorToItsPredecessor() {
        add(svc, 1, 1);
        RealServer b = add(svc, 2, 1);
        add(svc, 3, 1); // 3 2 1
        assertEquals(seq(3, 2), picks(svc, 2));
        svc.removeServer(b); // cursor was on 2 → moves to 3
        assertEquals(0, ((RoundRobin) svc.scheduler()).cursor());
        assertEquals(seq(1, 3, 1), picks(svc, 3));
    }

    @Test
    void removingTheHeadWhileTheCursorIsThereRestartsAtTheHead() {
        add(svc, 1, 1);
        add(svc, 2, 1);
        RealServer c = add(svc, 3, 1); // 3 2 1
        assertEquals(seq(3), picks(svc, 1));
        svc.removeServer(c);
        assertEquals(-1, ((RoundRobin) svc.scheduler()).cursor());
        assertEquals(seq(2, 1, 2), picks(svc, 3));
    }

    @Test
    void addingAtTheHeadKeepsTheCursorOnItsServer() {
        add(svc, 1, 1);
        add(svc, 2, 1); // 2 1
        assertEquals(seq(2), picks(svc, 1));
        add(svc, 3, 1); // 3 2 1, cursor still on 2
        assertEquals(seq(1, 3, 2), picks(svc, 3));
    }

    @Test
    void overloadSkipsAServerUntilTheKernelRuleClearsIt() {
        RealServer a = add(svc, 1, 1, 2, 0); // -x 2, no -y: clears when total*4 < 6
        add(svc, 2, 1);
        a.bind(false, true);
        a.bind(false, false);
        assertEquals(true, a.overloaded());
        assertEquals(seq(2, 2), picks(svc, 2));
        a.unbind(false, false); // total 1: 4 < 6 → clear
        assertEquals(false, a.overloaded());
        assertEquals(seq(1, 2), picks(svc, 2));
    }

    @Test
    void unknownNextHopIsUnavailable() {
        RealServer a = add(svc, 1, 1);
        add(svc, 2, 1);
        a.nextHopResolved(RealServer.MAC_UNKNOWN);
        assertEquals(seq(2, 2), picks(svc, 2));
    }

    @Test
    void weightEditLeavesTheCursorAlone() {
        add(svc, 1, 1);
        RealServer b = add(svc, 2, 1);
        add(svc, 3, 1);
        assertEquals(seq(3, 2), picks(svc, 2));
        Lab.weight(svc, b, 7);
        assertEquals(seq(1, 3), picks(svc, 2));
    }
}
