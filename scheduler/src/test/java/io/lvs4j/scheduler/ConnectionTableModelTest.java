package io.lvs4j.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
        for (long seed = 1; seed <= 20; seed++) {
            run(seed);
        }
    }

    private void run(long seed) {
        Random random = new Random(seed);
        Timeouts timeouts = new Timeouts();
        int capacity = 40;
        ConnectionTable table = new ConnectionTable(capacity, timeouts);
        VirtualService svc = Lab.service(new WeightedLeastConnectionStub());
        RealServer[] servers = {Lab.add(svc, 1, 1), Lab.add(svc, 2, 2), Lab.add(svc, 3, 3)};
        Map<Integer, Entry> model = new HashMap<>();
        long now = 5_000_000;
        long notSyn = 0;
        long full = 0;
        long evicted = 0;
        for (int op = 0; op < 20_000; op++) {
            now += 1 + random.nextInt(3000);
            if (random.nextInt(5) == 0) {
                table.expire(now);
                for (Iterator<Entry> it = model.values().iterator(); it.hasNext(); ) {
                    if (it.next().expires <= now) {
                        it.remove();
                    }
                }
            } else {
                int port = 1 + random.nextInt(80);
                int flags = FLAGS[random.nextInt(FLAGS.length)];
                RealServer got = table.dispatch(svc, Lab.ip(192, 168, 1, 1), port, Lab.VIP, 80, flags, 100, now);
                Entry e = model.get(port);
                if (e == null) {
                    if ((flags & (TcpState.SYN | TcpState.RST)) != TcpState.SYN) {
                        assertNull(got);
                        notSyn++;
                    } else {
                        if (model.size() == capacity) {
                            Entry lru = null;
                            int lruPort = 0;
                            for (Map.Entry<Integer, Entry> m : model.entrySet()) {
                                Entry c = m.getValue();
                                if (!c.state.active() && (lru == null || c.lastUse < lru.lastUse)) {
                                    lru = c;
                                    lruPort = m.getKey();
                                }
                            }
                            if (lru == null) {
                                assertNull(got, "seed " + seed + " op " + op);
                                full++;
                                check(seed, op, table, model, servers, notSyn, full, evicted);
                                continue;
                            }
                            model.remove(lruPort);
                            evicted++;
                        }
                        assertNotNull(got);
                        e = new Entry();
                        e.server = got;
                        e.state = TcpState.NONE;
                        model.put(port, e);
                    }
                } else {
                    assertSame(e.server, got);
                }
                if (e != null) {
                    e.state = e.state.next(flags);
                    e.expires = now + timeouts.tcpSeconds(e.state) * 1000L;
                    e.lastUse = now;
                }
            }
            check(seed, op, table, model, servers, notSyn, full, evicted);
        }
    }

    private static void check(long seed, int op, ConnectionTable table, Map<Integer, Entry> model,
                              RealServer[] servers, long notSyn, long full, long evicted) {
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
        assertEquals(notSyn, table.droppedNotSyn(), where);
        assertEquals(full, table.droppedTableFull(), where);
        assertEquals(evicted, table.evictedInactive(), where);
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
