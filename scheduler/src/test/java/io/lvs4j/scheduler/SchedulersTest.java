package io.lvs4j.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulersTest {
    @Test
    void createsEveryKnownSchedulerByName() {
        for (String name : Schedulers.NAMES) {
            Scheduler s = Schedulers.create(name, SchedulerFlags.NONE);
            assertEquals(name, s.name());
            assertNotSame(s, Schedulers.create(name, SchedulerFlags.NONE));
        }
    }

    @Test
    void hashingAndListSchedulersAllocateNothingPerPick() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (String name : new String[] {"rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "dh", "sh", "mh"}) {
            VirtualService svc = Lab.service(Schedulers.create(name));
            for (int i = 1; i <= 20; i++) {
                Lab.add(svc, i, 1 + i % 4);
            }
            Scheduler s = svc.scheduler();
            for (int i = 0; i < 50_000; i++) {
                s.schedule(svc, i, i, Lab.VIP, i);
            }
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 50_000; i++) {
                s.schedule(svc, i, i, Lab.VIP, i);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 10_000, name + " allocated " + allocated + " bytes");
        }
    }

    @Test
    void unknownNameIsRefusedWithTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedulers.create("xyz", SchedulerFlags.NONE));
        assertEquals("unknown scheduler 'xyz' (known: rr wrr lc wlc sed nq fo ovf dh sh mh lblc lblcr)",
                e.getMessage());
    }

    @Test
    void flagBitsMeanFallbackAndPortForShAndMhAndPrintInIpvsadmOrder() {
        SchedulerFlags f = SchedulerFlags.of("sh", SchedulerFlags.FLAG_2 | SchedulerFlags.FLAG_1);
        assertTrue(f.shPort() && f.shFallback());
        assertEquals("sh-fallback,sh-port", f.toString());
        assertEquals(SchedulerFlags.NONE, SchedulerFlags.of("sh", 0));
        assertEquals("mh-fallback,mh-port",
                SchedulerFlags.of("mh", SchedulerFlags.FLAG_2 | SchedulerFlags.FLAG_1).toString());
        // the kernel keeps flag-1..3 for any scheduler; only sh and mh read them
        assertEquals(SchedulerFlags.NONE, SchedulerFlags.of("rr", SchedulerFlags.FLAG_1 | SchedulerFlags.FLAG_3));
    }

    @Test
    void misplacedFlagsAreRefusedClearly() {
        assertEquals("scheduler flag 'sh-port' needs the sh scheduler, not rr",
                assertThrows(IllegalArgumentException.class,
                        () -> Schedulers.create("rr", SchedulerFlags.of("sh", SchedulerFlags.FLAG_2))).getMessage());
        assertEquals("scheduler flag 'mh-fallback' needs the mh scheduler, not sh",
                assertThrows(IllegalArgumentException.class,
                        () -> Schedulers.create("sh", SchedulerFlags.of("mh", SchedulerFlags.FLAG_1))).getMessage());
    }

    @Test
    void mhTableSizeMustBeOneOfTheKernelsPrimes() {
        assertEquals(251, ((MaglevHashing) Schedulers.create("mh", SchedulerFlags.NONE.withMhTableSize(251))).tableSize());
        assertEquals(4093, ((MaglevHashing) Schedulers.create("mh")).tableSize());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SchedulerFlags.NONE.withMhTableSize(1000))
                .getMessage().startsWith("mh table size 1000 is not one of 251 509"));
    }

    @Test
    void lowerThresholdAboveUpperIsRefused() {
        VirtualService svc = Lab.service(new RoundRobin());
        assertThrows(IllegalArgumentException.class,
                () -> svc.addServer(1, 80, ForwardingMethod.ROUTE, 1, 2, 3));
    }

    @Test
    void editToANewSchedulerAttachesItToTheCurrentList() {
        VirtualService svc = Lab.service(new RoundRobin());
        Lab.add(svc, 2, 1);
        Lab.add(svc, 1, 1);
        svc.edit(Schedulers.create("dh"), 0, -1);
        DestinationHashing dh = (DestinationHashing) svc.scheduler();
        assertEquals(svc.servers().get(0), dh.bucket(0));
        assertEquals(svc.servers().get(1), dh.bucket(1));
        assertTrue(Lab.pick(svc, 1, 1) != 0);
    }
}
