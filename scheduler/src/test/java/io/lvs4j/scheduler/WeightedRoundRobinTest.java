package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.add;
import static io.lvs4j.scheduler.Lab.picks;
import static io.lvs4j.scheduler.Lab.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {
    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;

    @Test
    void createdWithItsServersPresentStartsAtMaxWeight() {
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, C, 2);
        add(svc, B, 3);
        add(svc, A, 4); // list A B C
        svc.edit(new WeightedRoundRobin(), 0, -1);
        assertEquals(seq(A, A, B, A, B, C, A, B, C, A, A, B, A, B, C, A, B, C), picks(svc, 18));
    }

    @Test
    void builtServerByServerStartsWithOneOfEach() {
        VirtualService svc = Lab.service(new WeightedRoundRobin());
        add(svc, C, 2);
        add(svc, B, 3);
        add(svc, A, 4);
        // A B C at cw 1, then the created-together cycle A A B A B C A B C
        assertEquals(seq(A, B, C, A, A, B, A, B, C, A, B, C, A, A, B), picks(svc, 15));
    }

    @Test
    void stateFollowsDestChanged() {
        WeightedRoundRobin wrr = new WeightedRoundRobin();
        VirtualService svc = Lab.service(wrr);
        assertEquals(0, wrr.maxWeight());
        assertEquals(1, wrr.gcdWeight());
        add(svc, C, 2); // di 2, mw 1, cw 0 → mw
        assertEquals(2, wrr.gcdWeight());
        assertEquals(1, wrr.maxWeight());
        assertEquals(1, wrr.currentWeight());
        add(svc, B, 4); // di 2, mw 3, cw 1 → (1/2)*2+1 = 1
        assertEquals(3, wrr.maxWeight());
        assertEquals(1, wrr.currentWeight());
    }

    @Test
    void gcdOfWeights() {
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, B, 2);
        add(svc, A, 4);
        svc.edit(new WeightedRoundRobin(), 0, -1);
        assertEquals(seq(A, A, B, A, A, B), picks(svc, 6));
    }

    @Test
    void weightZeroAndAllZero() {
        VirtualService svc = Lab.service(new WeightedRoundRobin());
        RealServer c = add(svc, C, 0);
        assertEquals(seq(0), picks(svc, 1));
        add(svc, B, 1);
        add(svc, A, 1);
        assertEquals(seq(A, B, A, B), picks(svc, 4));
        Lab.weight(svc, c, 1); // cursor back to the head, cw stays 1
        assertEquals(seq(A, B, C, A), picks(svc, 4));
    }

    @Test
    void overloadedServersAreSkippedAndAllOverloadedGivesNull() {
        VirtualService svc = Lab.service(new WeightedRoundRobin());
        RealServer b = add(svc, B, 1, 1, 0);
        RealServer a = add(svc, A, 2, 1, 0);
        b.bind(false, true);
        assertEquals(seq(A, A, A), picks(svc, 3));
        a.bind(false, true);
        assertEquals(seq(0, 0), picks(svc, 2));
        b.unbind(false, true);
        assertEquals(B, Lab.pick(svc, 1, 1));
    }

    @Test
    void removalDuringARunRestartsFromTheHead() {
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, C, 2);
        RealServer b = add(svc, B, 3);
        add(svc, A, 4);
        svc.edit(new WeightedRoundRobin(), 0, -1);
        assertEquals(seq(A, A, B), picks(svc, 3)); // cw 3
        svc.removeServer(b); // weights 4 2: di 2, mw 3, cw (3/2)*2+1 = 3; cursor → head
        assertEquals(3, ((WeightedRoundRobin) svc.scheduler()).currentWeight());
        assertEquals(seq(A, A, C, A, A, C), picks(svc, 6));
    }
}
