package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.add;
import static io.lvs4j.scheduler.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
    private static final int SYN = TcpState.SYN;
    private static final int ACK = TcpState.ACK;
    private static final int FIN = TcpState.FIN;
    private static final int RST = TcpState.RST;
    private static final int CLIENT = ip(192, 168, 0, 7);
    private static final long T0 = 1_000_000;

    private final Timeouts timeouts = new Timeouts();
    private final ConnectionTable table = new ConnectionTable(1024, timeouts);

    private RealServer send(VirtualService svc, int client, int port, int flags, long now) {
        return table.dispatch(svc, client, port, svc.address(), svc.port(), flags, 60, now);
    }

    /** The only entry of the table, or the entry with this client port. */
    private Object[] entry(int clientPort) {
        List<Object[]> found = new ArrayList<>();
        table.forEach((p, ca, cp, va, vp, rs, st, rem, tmpl) -> {
            if (cp == clientPort && !tmpl) {
                found.add(new Object[] {st, rem, rs});
            }
        });
        assertEquals(1, found.size());
        return found.get(0);
    }

    @Test
    void drTraceMovesStateCountersAndTimeouts() {
        VirtualService svc = Lab.service(new RoundRobin());
        RealServer rs = add(svc, 1, 1);
        assertSame(rs, send(svc, CLIENT, 40000, SYN, T0));
        assertEquals(TcpState.SYN_RECV, entry(40000)[0]);
        assertEquals(60_000L, entry(40000)[1]);
        assertEquals(1, rs.activeConnections());
        assertEquals(0, rs.inactiveConnections());

        assertSame(rs, send(svc, CLIENT, 40000, ACK, T0 + 5));
        assertEquals(TcpState.ESTABLISHED, entry(40000)[0]);
        assertEquals(900_000L, entry(40000)[1]);
        assertEquals(1, rs.activeConnections());

        assertSame(rs, send(svc, CLIENT, 40000, FIN | ACK, T0 + 10));
        assertEquals(TcpState.FIN_WAIT, entry(40000)[0]);
        assertEquals(120_000L, entry(40000)[1]);
        assertEquals(0, rs.activeConnections());
        assertEquals(1, rs.inactiveConnections());

        assertSame(rs, send(svc, CLIENT, 40000, RST, T0 + 20));
        assertEquals(TcpState.CLOSE, entry(40000)[0]);
        assertEquals(10_000L, entry(40000)[1]);

        table.expire(T0 + 20 + 9_999);
        assertEquals(1, table.size());
        table.expire(T0 + 20 + 10_000);
        assertEquals(0, table.size());
        assertEquals(0, rs.inactiveConnections());
        assertEquals(0, rs.activeConnections());
        assertEquals(1, rs.stats().connections);
        assertEquals(4, rs.stats().inPackets);
        assertEquals(240, svc.stats().inBytes);
        assertEquals(1, svc.stats().connections);
    }

    @Test
    void rstInSynRecvStaysInSynRecv() {
        VirtualService svc = Lab.service(new RoundRobin());
        RealServer rs = add(svc, 1, 1);
        send(svc, CLIENT, 1, SYN, T0);
        send(svc, CLIENT, 1, RST, T0 + 1);
        assertEquals(TcpState.SYN_RECV, entry(1)[0]);
        assertEquals(1, rs.activeConnections());
    }

    @Test
    void segmentWithoutFlagsMovesToClose() {
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, 1, 1);
        send(svc, CLIENT, 1, SYN, T0);
        send(svc, CLIENT, 1, 0, T0 + 1);
        assertEquals(TcpState.CLOSE, entry(1)[0]);
    }

    @Test
    void onlyASynWithoutRstCreatesATcpConnection() {
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, 1, 1);
        assertNull(send(svc, CLIENT, 1, ACK, T0));
        assertNull(send(svc, CLIENT, 1, SYN | RST, T0));
        assertNull(send(svc, CLIENT, 1, FIN, T0));
        assertEquals(3, table.counters().droppedNotSyn());
        assertEquals(0, table.size());
        assertNotNull(send(svc, CLIENT, 1, SYN | ACK, T0));
    }

    @Test
    void noDestinationIsCounted() {
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, 1, 0);
        assertNull(send(svc, CLIENT, 1, SYN, T0));
        assertEquals(1, table.counters().droppedNoDestination());
        assertEquals(0, table.size());
    }

    @Test
    void udpIsOneInactiveStateWithTheUdpTimeout() {
        VirtualService svc = Lab.udpService(new RoundRobin());
        RealServer rs = add(svc, 1, 1);
        assertSame(rs, send(svc, CLIENT, 5353, 0, T0));
        assertEquals(0, rs.activeConnections());
        assertEquals(1, rs.inactiveConnections());
        assertEquals(300_000L, entry(5353)[1]);
        send(svc, CLIENT, 5353, 0, T0 + 1000);
        table.expire(T0 + 1000 + 299_999);
        assertEquals(1, table.size());
        table.expire(T0 + 1000 + 300_000);
        assertEquals(0, table.size());
        assertEquals(0, rs.inactiveConnections());
    }

    @Test
    void setTimeoutsChangesEstablishedFinWaitAndUdp() {
        timeouts.set(100, 0, 7);
        assertEquals("Timeout (tcp tcpfin udp): 100 120 7", timeouts.toString());
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, 1, 1);
        send(svc, CLIENT, 1, SYN, T0);
        send(svc, CLIENT, 1, ACK, T0);
        assertEquals(100_000L, entry(1)[1]);
        table.expire(T0 + 99_999);
        assertEquals(1, table.size());
        table.expire(T0 + 100_000);
        assertEquals(0, table.size());
    }

    @Test
    void removedServerDropsItsConnectionOnTheNextPacket() {
        VirtualService svc = Lab.service(new RoundRobin());
        RealServer a = add(svc, 1, 1);
        add(svc, 2, 1);
        send(svc, CLIENT, 1, SYN, T0); // → 2 (head)
        assertSame(a, send(svc, CLIENT, 2, SYN, T0));
        svc.removeServer(a);
        assertNull(send(svc, CLIENT, 2, ACK, T0 + 1));
        assertEquals(1, table.counters().droppedServerRemoved());
        assertEquals(1, table.size());
        assertEquals(0, a.activeConnections());
    }

    @Test
    void retiredServerKeepsItsFlowsUntilTheyEndButTakesNoNewOnes() {
        VirtualService svc = Lab.service(new RoundRobin());
        RealServer a = add(svc, 1, 1);
        RealServer b = add(svc, 2, 1);
        assertSame(b, send(svc, CLIENT, 1, SYN, T0));
        assertSame(a, send(svc, CLIENT, 2, SYN, T0));
        assertSame(a, send(svc, CLIENT, 2, ACK, T0 + 1));
        svc.removeServer(a, true);
        assertSame(a, send(svc, CLIENT, 2, ACK, T0 + 2)); // the flow goes on
        assertSame(b, send(svc, CLIENT, 3, SYN, T0 + 3)); // a new one does not go to a
        // a health check brings the server back: a new RealServer; the old flow stays with the old one
        RealServer again = add(svc, 1, 1);
        assertSame(a, send(svc, CLIENT, 2, ACK, T0 + 4));
        assertSame(again, send(svc, CLIENT, 4, SYN, T0 + 5));
        assertEquals(0, table.counters().droppedServerRemoved());
        assertEquals(1, a.activeConnections());
        assertSame(a, send(svc, CLIENT, 2, FIN | ACK, T0 + 6));
        long ended = T0 + 6 + timeouts.tcpFin() * 1000L; // FIN_WAIT's timeout: the flow ended
        table.expire(ended);
        assertEquals(0, a.activeConnections() + a.inactiveConnections());
        assertNull(send(svc, CLIENT, 2, ACK, ended + 1)); // not a SYN: no flow any more
        assertEquals(1, table.counters().droppedNotSyn());
    }

    @Test
    void deletedServerAfterARetireDropsTheNewServersFlowsAsIpvsadmDoes() {
        VirtualService svc = Lab.service(new RoundRobin());
        RealServer a = add(svc, 1, 1);
        assertSame(a, send(svc, CLIENT, 1, SYN, T0));
        svc.removeServer(a, true);
        RealServer again = add(svc, 1, 1);
        assertSame(again, send(svc, CLIENT, 2, SYN, T0 + 1));
        svc.removeServer(again);
        assertNull(send(svc, CLIENT, 2, ACK, T0 + 2));
        assertEquals(1, table.counters().droppedServerRemoved());
        assertSame(a, send(svc, CLIENT, 1, ACK, T0 + 3));
    }

    @Test
    void retiredServerTakesNoPersistentClient() {
        VirtualService svc = new VirtualService(Protocol.TCP, Lab.VIP, 80, new RoundRobin(), 360, 0xFFFFFFFF);
        RealServer a = add(svc, 1, 1);
        RealServer b = add(svc, 2, 1); // list b a
        assertSame(b, send(svc, CLIENT, 1, SYN, T0));
        svc.removeServer(b, true);
        assertSame(b, send(svc, CLIENT, 1, ACK, T0 + 1));
        assertSame(a, send(svc, CLIENT, 2, SYN, T0 + 2)); // the template pointed at b: not followed
    }

    @Test
    void persistenceKeepsAClientOnOneServerAndLetsGoAfterTheTimeout() {
        VirtualService svc = new VirtualService(Protocol.TCP, Lab.VIP, 80, new RoundRobin(), 360, 0xFFFFFF00);
        RealServer a = add(svc, 1, 1);
        RealServer b = add(svc, 2, 1); // list b a
        int other = ip(192, 168, 0, 99); // same /24 as CLIENT
        assertSame(b, send(svc, CLIENT, 1, SYN, T0));
        assertSame(b, send(svc, CLIENT, 2, SYN, T0 + 10));
        assertSame(b, send(svc, other, 3, SYN, T0 + 20));
        assertSame(a, send(svc, ip(10, 9, 9, 9), 4, SYN, T0 + 20));
        assertEquals(1, b.persistentConnections());
        assertEquals(3, b.activeConnections());
        // close all of them (RST in SYN_RECV stays SYN_RECV, so ACK first): the templates still live
        for (int p = 1; p <= 3; p++) {
            send(svc, p == 3 ? other : CLIENT, p, ACK, T0 + 30);
            send(svc, p == 3 ? other : CLIENT, p, RST, T0 + 30);
        }
        send(svc, ip(10, 9, 9, 9), 4, ACK, T0 + 30);
        send(svc, ip(10, 9, 9, 9), 4, RST, T0 + 30);
        table.expire(T0 + 30 + 10_000);
        assertEquals(2, table.size()); // two templates
        assertEquals(0, b.activeConnections() + b.inactiveConnections());
        assertSame(b, send(svc, CLIENT, 5, SYN, T0 + 100_000)); // refreshes the template
        send(svc, CLIENT, 5, ACK, T0 + 100_000);
        send(svc, CLIENT, 5, RST, T0 + 100_000);
        table.expire(T0 + 100_000 + 359_999);
        assertEquals(1, b.persistentConnections());
        table.expire(T0 + 100_000 + 360_000);
        assertEquals(0, b.persistentConnections());
        assertEquals(0, table.size()); // the 10.9.9.9 template went at T0 + 20 + 360 s
        // a new template: rr's cursor moved on to a (the last pick), so b comes next
        assertSame(b, send(svc, CLIENT, 6, SYN, T0 + 500_000));
        assertSame(a, send(svc, other + 256, 6, SYN, T0 + 500_000));
    }

    @Test
    void aTemplateLivesWhileItControlsConnections() {
        VirtualService svc = new VirtualService(Protocol.TCP, Lab.VIP, 80, new RoundRobin(), 60, -1);
        RealServer a = add(svc, 1, 1);
        send(svc, CLIENT, 1, SYN, T0);
        send(svc, CLIENT, 1, ACK, T0); // ESTABLISHED 900 s
        table.expire(T0 + 60_000);
        assertEquals(1, a.persistentConnections()); // expire_later: 60 s more
        table.expire(T0 + 120_000);
        assertEquals(1, a.persistentConnections());
        send(svc, CLIENT, 1, RST, T0 + 130_000);
        table.expire(T0 + 140_000); // connection gone, template retries at 180 s
        assertEquals(1, table.size());
        table.expire(T0 + 180_000);
        assertEquals(0, table.size());
        assertEquals(0, a.persistentConnections());
    }

    @Test
    void fullTableEvictsTheOldestEmbryonicEntryThenTheOldestInactiveAndNeverAnEstablishedOne() {
        ConnectionTable small = new ConnectionTable(4, timeouts);
        VirtualService svc = Lab.service(new RoundRobin());
        RealServer rs = add(svc, 1, 1);
        small.dispatch(svc, CLIENT, 1, Lab.VIP, 80, SYN, 60, T0);
        small.dispatch(svc, CLIENT, 1, Lab.VIP, 80, ACK, 60, T0);          // 1 ESTABLISHED
        small.dispatch(svc, CLIENT, 2, Lab.VIP, 80, SYN, 60, T0 + 1);
        small.dispatch(svc, CLIENT, 2, Lab.VIP, 80, ACK, 60, T0 + 1);
        small.dispatch(svc, CLIENT, 2, Lab.VIP, 80, FIN | ACK, 60, T0 + 1); // 2 FIN_WAIT (inactive)
        small.dispatch(svc, CLIENT, 3, Lab.VIP, 80, SYN, 60, T0 + 2);      // 3 SYN_RECV
        small.dispatch(svc, CLIENT, 4, Lab.VIP, 80, SYN, 60, T0 + 3);      // 4 SYN_RECV
        small.dispatch(svc, CLIENT, 3, Lab.VIP, 80, SYN, 60, T0 + 4);      // 3 retransmits: 4 is the oldest
        assertSame(rs, small.dispatch(svc, CLIENT, 5, Lab.VIP, 80, SYN, 60, T0 + 5));
        assertEquals(List.of(1, 2, 3, 5), ports(small));
        assertSame(rs, small.dispatch(svc, CLIENT, 6, Lab.VIP, 80, SYN, 60, T0 + 6));
        assertEquals(List.of(1, 2, 5, 6), ports(small));
        assertEquals(2, small.counters().evictedEmbryonic());
        assertEquals(0, small.counters().evictedInactive(), "embryonic entries go before inactive ones");
        // no embryonic entry left: the inactive one goes
        small.dispatch(svc, CLIENT, 5, Lab.VIP, 80, ACK, 60, T0 + 7);
        small.dispatch(svc, CLIENT, 6, Lab.VIP, 80, ACK, 60, T0 + 7);
        assertSame(rs, small.dispatch(svc, CLIENT, 7, Lab.VIP, 80, SYN, 60, T0 + 8));
        assertEquals(List.of(1, 5, 6, 7), ports(small));
        assertEquals(1, small.counters().evictedInactive());
        // 7 is embryonic; once it is established too, a SYN finds nothing to evict
        small.dispatch(svc, CLIENT, 7, Lab.VIP, 80, ACK, 60, T0 + 9);
        assertNull(small.dispatch(svc, CLIENT, 8, Lab.VIP, 80, SYN, 60, T0 + 10));
        assertEquals(1, small.counters().droppedTableFull());
        assertEquals(List.of(1, 5, 6, 7), ports(small));
        assertEquals(4, rs.activeConnections());
        assertEquals(0, rs.inactiveConnections());
        assertEquals(3, small.counters().evictedEmbryonic() + small.counters().evictedInactive());
    }

    @Test
    void underPressureSynRecvLastsTenSecondsUntilTheTableDrainsBelowTheLowWaterMark() {
        ConnectionTable t = new ConnectionTable(10, timeouts); // pressure from 9 entries, relief below 7
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, 1, 1);
        for (int p = 1; p <= 8; p++) {
            t.dispatch(svc, CLIENT, p, Lab.VIP, 80, SYN, 60, T0);
        }
        assertEquals(60_000L, remaining(t, 8));
        assertFalse(t.counters().underPressure());
        t.dispatch(svc, CLIENT, 9, Lab.VIP, 80, SYN, 60, T0);
        assertTrue(t.counters().underPressure());
        assertEquals(1, t.counters().pressureEpisodes());
        assertEquals(10_000L, remaining(t, 9));
        t.dispatch(svc, CLIENT, 1, Lab.VIP, 80, SYN, 60, T0 + 1_000);  // retransmitted: 10 s from now
        t.dispatch(svc, CLIENT, 2, Lab.VIP, 80, ACK, 60, T0 + 2_000);  // ESTABLISHED keeps its 900 s
        assertEquals(900_000L, remaining(t, 2));
        t.expire(T0 + 10_000);
        assertEquals(8, t.size());
        t.expire(T0 + 11_000);
        assertEquals(7, t.size());
        assertTrue(t.counters().underPressure(), "7 of 10 is not below the low-water mark");
        t.dispatch(svc, CLIENT, 3, Lab.VIP, 80, SYN, 60, T0 + 12_000); // retransmitted, still under pressure
        assertEquals(10_000L, remaining(t, 3));
        t.expire(T0 + 22_000);
        assertEquals(6, t.size());
        assertFalse(t.counters().underPressure());
        t.dispatch(svc, CLIENT, 3, Lab.VIP, 80, SYN, 60, T0 + 23_000);
        assertEquals(60_000L, remaining(t, 3));
        assertEquals(1, t.counters().pressureEpisodes());
    }

    private static List<Integer> ports(ConnectionTable t) {
        List<Integer> ports = new ArrayList<>();
        t.forEach((p, ca, cp, va, vp, r, st, rem, tmpl) -> ports.add(cp));
        ports.sort(null);
        return ports;
    }

    private static long remaining(ConnectionTable t, int clientPort) {
        long[] found = {-1};
        t.forEach((p, ca, cp, va, vp, r, st, rem, tmpl) -> {
            if (cp == clientPort) {
                found[0] = rem;
            }
        });
        return found[0];
    }

    @Test
    void aKnownFlowAllocatesNothing() {
        VirtualService svc = Lab.service(new RoundRobin());
        add(svc, 1, 1);
        send(svc, CLIENT, 1, SYN, T0);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 200_000; i++) {
            table.dispatch(svc, CLIENT, 1, Lab.VIP, 80, ACK, 60, T0 + i);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            table.dispatch(svc, CLIENT, 1, Lab.VIP, 80, ACK, 60, T0 + 200_000 + i);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 100k packets");
    }
}
