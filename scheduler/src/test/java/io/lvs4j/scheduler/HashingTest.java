package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.add;
import static io.lvs4j.scheduler.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dh, sh and mh. */
class HashingTest {

    @Test
    void hash32IsTheKernelsGoldenRatioHash() {
        // 0x0A000001 * 0x61C88647 = 0x...E8D4_5C47 mod 2^32 (worked by hand: see comment below)
        int v = 0x0A000001;
        long product = (v & 0xFFFFFFFFL) * 0x61C88647L;
        assertEquals((int) ((product & 0xFFFFFFFFL) >>> 24), ServerArray.hash32(v, 8));
        assertEquals(0, ServerArray.hash32(0, 8));
        assertEquals(0x61, ServerArray.hash32(1, 8));
    }

    @Test
    void mhKnownAnswers() {
        assertEquals(0x439c0cbe, MaglevHashing.hash(0x0A000051, MaglevHashing.KEY1));
        VirtualService svc = Lab.service(new MaglevHashing());
        RealServer s3 = add(svc, 3, 1);
        RealServer s2 = add(svc, 2, 1);
        RealServer s1 = add(svc, 1, 1); // list 1 2 3
        MaglevHashing mh = (MaglevHashing) svc.scheduler();
        assertEquals(3167, mh.offset(s1));
        assertEquals(700, mh.skip(s1));
        assertEquals(1231, mh.offset(s2));
        assertEquals(3544, mh.skip(s2));
        assertEquals(1631, mh.offset(s3));
        assertEquals(3453, mh.skip(s3));
        Map<RealServer, Integer> slots = slotCounts(mh);
        assertEquals(1365, slots.get(s1));
        assertEquals(1364, slots.get(s2));
        assertEquals(1364, slots.get(s3));
        // the first three slots taken are each server's offset
        assertSame(s1, mh.slotServer(3167));
        assertSame(s2, mh.slotServer(1231));
        assertSame(s3, mh.slotServer(1631));
    }

    @Test
    void mhLookupAndQuiescedServerKeepsItsSlots() {
        VirtualService svc = Lab.service(new MaglevHashing());
        add(svc, 3, 1);
        RealServer s2 = add(svc, 2, 1);
        add(svc, 1, 1);
        MaglevHashing mh = (MaglevHashing) svc.scheduler();
        int client = ip(192, 168, 0, 1);
        int slot = (int) (Integer.toUnsignedLong(MaglevHashing.hash(client, MaglevHashing.KEY1)) % 4093);
        assertSame(mh.slotServer(slot), svc.scheduler().schedule(svc, client, 1234, Lab.VIP, 0));
        int before = slotCounts(mh).get(s2);
        Lab.weight(svc, s2, 0);
        assertEquals(before, slotCounts(mh).get(s2)); // last_weight keeps the slots
        // a client hashing to s2 now gets NULL without mh-fallback
        int c = clientHashingTo(mh, s2, false);
        assertNull(svc.scheduler().schedule(svc, c, 0, Lab.VIP, 0));
    }

    @Test
    void mhFallbackRehashesWithTheOffset() {
        VirtualService svc = Lab.service(Schedulers.create("mh", SchedulerFlags.of("mh", SchedulerFlags.FLAG_1)));
        add(svc, 3, 1);
        RealServer s2 = add(svc, 2, 1);
        add(svc, 1, 1);
        MaglevHashing mh = (MaglevHashing) svc.scheduler();
        int c = clientHashingTo(mh, s2, false);
        Lab.weight(svc, s2, 0);
        // expected by the rule: probe roffset = (i + ihash) % M, slot = hash1(roffset + key) % M
        int ihash = (int) (Integer.toUnsignedLong(MaglevHashing.hash(c, MaglevHashing.KEY1)) % 4093);
        RealServer expected = null;
        for (int i = 0; i < 4093 && expected == null; i++) {
            int roffset = (i + ihash) % 4093;
            RealServer r = mh.slotServer((int) (Integer.toUnsignedLong(
                    MaglevHashing.hash(roffset + c, MaglevHashing.KEY1)) % 4093));
            if (r.weight() > 0) {
                expected = r;
            }
        }
        assertSame(expected, svc.scheduler().schedule(svc, c, 0, Lab.VIP, 0));
    }

    @Test
    void mhWeightsScaleTheSlots() {
        VirtualService svc = Lab.service(new MaglevHashing(251, false, false));
        RealServer b = add(svc, 2, 1);
        RealServer a = add(svc, 1, 3);
        Map<RealServer, Integer> slots = slotCounts((MaglevHashing) svc.scheduler());
        // rounds place 3 of a then 1 of b until 251 are filled: 63 rounds minus b's last turn
        assertEquals(189, slots.get(a));
        assertEquals(62, slots.get(b));
    }

    @Test
    void mhPortFlagAddsTheSourcePort() {
        VirtualService svc = Lab.service(Schedulers.create("mh", SchedulerFlags.of("mh", SchedulerFlags.FLAG_2)));
        for (int i = 1; i <= 5; i++) {
            add(svc, i, 1);
        }
        MaglevHashing mh = (MaglevHashing) svc.scheduler();
        int c = ip(192, 168, 0, 1);
        for (int port = 1000; port < 1010; port++) {
            int slot = (int) (Integer.toUnsignedLong(MaglevHashing.hash(c + port, MaglevHashing.KEY1)) % 4093);
            assertSame(mh.slotServer(slot), mh.schedule(svc, c, port, Lab.VIP, 0));
        }
    }

    private static int clientHashingTo(MaglevHashing mh, RealServer rs, boolean port) {
        for (int c = ip(192, 168, 0, 1); ; c++) {
            int slot = (int) (Integer.toUnsignedLong(MaglevHashing.hash(c, MaglevHashing.KEY1)) % mh.tableSize());
            if (mh.slotServer(slot) == rs) {
                return c;
            }
        }
    }

    private static Map<RealServer, Integer> slotCounts(MaglevHashing mh) {
        Map<RealServer, Integer> counts = new IdentityHashMap<>();
        for (int i = 0; i < mh.tableSize(); i++) {
            counts.merge(mh.slotServer(i), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void shTilesBucketsByWeightInListOrder() {
        VirtualService svc = Lab.service(new SourceHashing());
        RealServer c = add(svc, 3, 0);
        RealServer b = add(svc, 2, 1);
        RealServer a = add(svc, 1, 3); // list a(3) b(1) c(0)
        SourceHashing sh = (SourceHashing) svc.scheduler();
        RealServer[] cycle = {a, a, a, b, c};
        for (int i = 0; i < 256; i++) {
            assertSame(cycle[i % 5], sh.bucket(i), "bucket " + i);
        }
        Lab.weight(svc, b, 2); // edit rebuilds: a a a b b c
        assertSame(b, sh.bucket(4));
        assertSame(c, sh.bucket(5));
    }

    @Test
    void shPicksTheBucketOfTheSourceAddressAndNullWhenUnavailable() {
        VirtualService svc = Lab.service(new SourceHashing());
        add(svc, 2, 1);
        RealServer a = add(svc, 1, 1);
        SourceHashing sh = (SourceHashing) svc.scheduler();
        int client = ip(192, 168, 0, 1);
        int k = ServerArray.hash32(client, 8);
        RealServer expected = sh.bucket(k);
        assertSame(expected, sh.schedule(svc, client, 5555, Lab.VIP, 0));
        Lab.weight(svc, expected, 0); // rebuild keeps one bucket for the weight-0 server
        int clientOfA = client;
        while (sh.bucket(ServerArray.hash32(clientOfA, 8)) != expected) {
            clientOfA++;
        }
        assertNull(sh.schedule(svc, clientOfA, 1, Lab.VIP, 0));
    }

    @Test
    void shFallbackProbesFromTwiceTheKey() {
        VirtualService svc = Lab.service(Schedulers.create("sh", SchedulerFlags.of("sh", SchedulerFlags.FLAG_1)));
        RealServer[] rs = new RealServer[4];
        for (int i = 3; i >= 0; i--) {
            rs[i] = add(svc, i + 1, 1); // list 1 2 3 4: bucket j holds server j % 4
        }
        SourceHashing sh = (SourceHashing) svc.scheduler();
        int client = ip(192, 168, 0, 9);
        int k = ServerArray.hash32(client, 8);
        RealServer home = sh.bucket(k);
        home.bind(false, true);
        Lab.weight(svc, home, 0);
        // probe i = 0 looks at bucket (2k) mod 256 first
        RealServer expected = null;
        for (int i = 0; i < 256 && expected == null; i++) {
            RealServer r = sh.bucket((i + 2 * k) % 256);
            if (r.weight() > 0) {
                expected = r;
            }
        }
        assertSame(expected, sh.schedule(svc, client, 0, Lab.VIP, 0));
        assertSame(sh.bucket((2 * k) % 256) == home ? sh.bucket((1 + 2 * k) % 256) : sh.bucket((2 * k) % 256),
                expected);
    }

    @Test
    void shPortFlagHashesPortPlusAddress() {
        VirtualService svc = Lab.service(Schedulers.create("sh", SchedulerFlags.of("sh", SchedulerFlags.FLAG_2)));
        for (int i = 1; i <= 7; i++) {
            add(svc, i, 1);
        }
        SourceHashing sh = (SourceHashing) svc.scheduler();
        int client = ip(192, 168, 0, 1);
        for (int port = 1; port < 20; port++) {
            assertSame(sh.bucket(ServerArray.hash32(client + port, 8)), sh.schedule(svc, client, port, Lab.VIP, 0));
        }
    }

    @Test
    void dhRepeatsTheListAndHashesTheDestination() {
        VirtualService svc = Lab.service(new DestinationHashing());
        RealServer c = add(svc, 3, 1);
        RealServer b = add(svc, 2, 5);
        RealServer a = add(svc, 1, 1);
        DestinationHashing dh = (DestinationHashing) svc.scheduler();
        RealServer[] cycle = {a, b, c};
        for (int i = 0; i < 256; i++) {
            assertSame(cycle[i % 3], dh.bucket(i));
        }
        RealServer expected = cycle[ServerArray.hash32(Lab.VIP, 8) % 3];
        assertSame(expected, dh.schedule(svc, 1, 1, Lab.VIP, 0));
        Lab.weight(svc, expected, 0);
        assertNull(dh.schedule(svc, 1, 1, Lab.VIP, 0)); // no fallback
        svc.removeServer(b);
        assertSame(c, dh.bucket(1));
    }
}
