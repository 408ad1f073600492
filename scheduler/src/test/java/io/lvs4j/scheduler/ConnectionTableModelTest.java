package io.lvs4j.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random packets and expiry against a plain map model of the same rules. */
class ConnectionTableModelTest {
    private static final int[] FLAGS = {TcpState.SYN, TcpState.ACK, TcpState.FIN | TcpState.ACK, TcpState.RST,
        0, TcpState.SYN | TcpState.RST, TcpState.SYN | TcpState.ACK, TcpState.FIN};

    private static final class Entry {
        RealServer server;
        TcpState state;
        long expires;
        long lastUse;
    }

    @Test
    void countersStayExactThroughManyRandomOperations() {
        long[] paths = new long[3];
        for (long seed = 1; seed <= 21; seed++) {
            long[] p = run(seed);
            for (int i = 0; i < 3; i++) {
                paths[i] += p[i];
            }
        }
        // (a table full of ESTABLISHED entries is rare at random: ConnectionTableTest covers it)
        assertTrue(paths[0] > 0 && paths[1] > 0, "both evictions taken: embryonic " + paths[0]
                + ", inactive " + paths[1] + " (table full " + paths[2] + ")");
    }

    /** Runs one seed; returns {embryonic evicted, inactive evicted, table full}. */
    private long[] run(long seed) {
        Random random = new Random(seed);
        Timeouts timeouts = new Timeouts();
        int capacity = seed % 3 == 2 ? 16 : 40;
        ConnectionTable table = new ConnectionTable(capacity, timeouts);
        VirtualService svc = Lab.service(new WeightedLeastConnectionStub());
        RealServer[] servers = {Lab.add(svc, 1, 1), Lab.add(svc, 2, 2), Lab.add(svc, 3, 3)};
        Map<Integer, Entry> model = new HashMap<>();
        long now = 5_000_000;
        long notSyn = 0;
        long full = 0;
        long evicted = 0;
        long evictedEmbryonic = 0;
        int highWater = capacity * TablePressure.PRESSURE_PERCENT / 100;
        int lowWater = capacity * TablePressure.RELIEF_PERCENT / 100;
        boolean pressure = false;
        // long steps let entries expire; short ones fill the table (eviction, pressure), and with
        // few SYNs the table fills with entries past SYN_RECV (inactive eviction, table full)
        int maxStep = seed % 3 == 0 ? 3000 : 100;
        boolean fewSyns = seed % 3 == 2;
        for (int op = 0; op < 20_000; op++) {
            now += 1 + random.nextInt(maxStep);
            if (random.nextInt(5) == 0) {
                table.expire(now);
                for (Iterator<Entry> it = model.values().iterator(); it.hasNext(); ) {
                    if (it.next().expires <= now) {
                        it.remove();
                    }
                }
                pressure &= model.size() >= lowWater;
            } else {
                int port = 1 + random.nextInt(80);
                int flags = FLAGS[random.nextInt(FLAGS.length)];
                if (fewSyns && (flags & TcpState.SYN) != 0 && random.nextInt(10) != 0) {
                    flags = TcpState.ACK;
                }
                RealServer got = table.dispatch(svc, Lab.ip(192, 168, 1, 1), port, Lab.VIP, 80, flags, 100, now);
                Entry e = model.get(port);
                if (e == null) {
                    if ((flags & (TcpState.SYN | TcpState.RST)) != TcpState.SYN) {
                        assertNull(got);
                        notSyn++;
                    } else {
                        if (model.size() == capacity) {
                            // the least recently used SYN_RECV entry, else the least recently used inactive one
                            Integer victim = leastRecentlyUsed(model, true);
                            if (victim != null) {
                                evictedEmbryonic++;
                            } else {
                                victim = leastRecentlyUsed(model, false);
                                if (victim == null) {
                                    assertNull(got, "seed " + seed + " op " + op);
                                    full++;
                                    check(seed, op, table, model, servers, notSyn, full, evicted, evictedEmbryonic);
                                    continue;
                                }
                                evicted++;
                            }
                            model.remove(victim);
                        }
                        assertNotNull(got);
                        e = new Entry();
                        e.server = got;
                        e.state = TcpState.NONE;
                        model.put(port, e);
                        pressure |= model.size() >= highWater;
                    }
                } else {
                    assertSame(e.server, got);
                }
                if (e != null) {
                    e.state = e.state.next(flags);
                    long timeout = timeouts.tcpSeconds(e.state) * 1000L;
                    if (pressure && e.state == TcpState.SYN_RECV) {
                        timeout = TablePressure.PRESSURE_SYN_RECV_MILLIS;
                    }
                    e.expires = now + timeout;
                    e.lastUse = now;
                }
            }
            check(seed, op, table, model, servers, notSyn, full, evicted, evictedEmbryonic);
            assertEquals(pressure, table.counters().underPressure(), "seed " + seed + " op " + op);
        }
        return new long[] {evictedEmbryonic, evicted, full};
    }

    /** Port of the entry used longest ago among SYN_RECV entries (embryonic) or inactive ones; null if none. */
    private static Integer leastRecentlyUsed(Map<Integer, Entry> model, boolean embryonic) {
        Integer port = null;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<Integer, Entry> m : model.entrySet()) {
            Entry c = m.getValue();
            boolean candidate = embryonic ? c.state == TcpState.SYN_RECV : !c.state.active();
            if (candidate && c.lastUse < oldest) {
                oldest = c.lastUse;
                port = m.getKey();
            }
        }
        return port;
    }

    private static void check(long seed, int op, ConnectionTable table, Map<Integer, Entry> model,
                              RealServer[] servers, long notSyn, long full, long evicted, long evictedEmbryonic) {
        String where = "seed " + seed + " op " + op;
        assertEquals(model.size(), table.size(), where);
        for (RealServer rs : servers) {
            int active = 0;
            int inactive = 0;
            for (Entry e : model.values()) {
                if (e.server == rs) {
                    if (e.state.active()) {
                        active++;
                    } else {
                        inactive++;
                    }
                }
            }
            assertEquals(active, rs.activeConnections(), where + " active " + rs);
            assertEquals(inactive, rs.inactiveConnections(), where + " inactive " + rs);
        }
        assertEquals(notSyn, table.counters().droppedNotSyn(), where);
        assertEquals(full, table.counters().droppedTableFull(), where);
        assertEquals(evicted, table.counters().evictedInactive(), where);
        assertEquals(evictedEmbryonic, table.counters().evictedEmbryonic(), where);
    }

    /** Spreads by a least-connection rule so all servers get flows (independent of the lc classes). */
    private static final class WeightedLeastConnectionStub implements Scheduler {
        @Override
        public String name() {
            return "stub";
        }

        @Override
        public RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                                   int virtualAddress, long nowMillis) {
            RealServer best = null;
            for (RealServer rs : service.servers()) {
                if (best == null || rs.overhead() < best.overhead()) {
                    best = rs;
                }
            }
            return best;
        }
    }
}
