package io.lvs4j.control.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.TcpState;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The master's choice of what to announce (ip_vs_sync_conn_needed with the default sysctls). */
class SyncTrackerTest {
    private static final int VIP = 0x0A000064;
    private static final int CLIENT = 0x0A000032;
    private static final int SYN = TcpState.SYN;
    private static final int ACK = TcpState.ACK;
    private static final int FIN = TcpState.FIN;

    private final Timeouts timeouts = new Timeouts();
    private final ConnectionTable table = new ConnectionTable(64, timeouts);
    private final SyncRing ring = new SyncRing(1024);

    private List<SyncEntry> drain() {
        List<SyncEntry> out = new ArrayList<>();
        for (SyncEntry e; (e = ring.poll()) != null; ) {
            out.add(e);
        }
        return out;
    }

    @Test
    void aTcpConnectionIsAnnouncedAtItsThirdPacketThenEveryFifty() {
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80, Schedulers.create("rr"), 0, -1);
        RealServer rs = svc.addServer(0x0A00000B, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        rs.nextHopResolved(0x02000000000BL); // a known MAC makes it available
        table.observe(new SyncTracker(table.capacity(), ring, timeouts));
        org.junit.jupiter.api.Assertions.assertSame(rs, table.dispatch(svc, CLIENT, 40000, VIP, 80, SYN, 60, 1));
        table.dispatch(svc, CLIENT, 40000, VIP, 80, ACK, 52, 2);
        assertTrue(drain().isEmpty(), "SYN_RECV and the move to ESTABLISHED are not announced");
        table.dispatch(svc, CLIENT, 40000, VIP, 80, ACK, 100, 3);
        assertEquals(List.of(new SyncEntry(6, SyncMessage.F_DROUTE, TcpState.ESTABLISHED.ordinal(), 40000, 80, 80, 0,
                900, CLIENT, VIP, rs.address())), drain());
        for (int p = 4; p <= 52; p++) {
            table.dispatch(svc, CLIENT, 40000, VIP, 80, ACK, 100, p);
        }
        assertTrue(drain().isEmpty());
        table.dispatch(svc, CLIENT, 40000, VIP, 80, ACK, 100, 53);
        assertEquals(1, drain().size(), "the refresh at packet 53");
        table.dispatch(svc, CLIENT, 40000, VIP, 80, FIN | ACK, 52, 54);
        List<SyncEntry> fin = drain();
        assertEquals(1, fin.size(), "a move to FIN_WAIT is announced at once");
        assertEquals(TcpState.FIN_WAIT.ordinal(), fin.get(0).state());
        assertEquals(SyncMessage.F_DROUTE | SyncMessage.F_INACTIVE, fin.get(0).flags());
        assertEquals(120, fin.get(0).timeoutSeconds());
    }

    @Test
    void aPersistentConnectionCarriesItsTemplate() {
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 443, Schedulers.create("rr"), 0, 300, 0xFFFFFF00);
        RealServer rs = svc.addServer(0x0A00000C, 443, ForwardingMethod.ROUTE, 1, 0, 0);
        rs.nextHopResolved(0x02000000000CL);
        table.observe(new SyncTracker(table.capacity(), ring, timeouts));
        table.dispatch(svc, CLIENT, 40001, VIP, 443, SYN, 60, 1);
        table.dispatch(svc, CLIENT, 40001, VIP, 443, ACK, 52, 2);
        table.dispatch(svc, CLIENT, 40001, VIP, 443, ACK, 52, 3);
        List<SyncEntry> got = drain();
        assertEquals(2, got.size());
        assertEquals(new SyncEntry(6, SyncMessage.F_DROUTE | SyncMessage.F_TEMPLATE, 0, 0, 443, 443, 0, 300,
                CLIENT & 0xFFFFFF00, VIP, rs.address()), got.get(1));
    }

    @Test
    void udpIsAnnouncedByCountOnly() {
        assertFalse(SyncTracker.needed(false, 2, TcpState.NONE, TcpState.NONE));
        assertTrue(SyncTracker.needed(false, 3, TcpState.NONE, TcpState.NONE));
        assertTrue(SyncTracker.needed(false, 103, TcpState.NONE, TcpState.NONE));
        assertFalse(SyncTracker.needed(true, 3, TcpState.SYN_RECV, TcpState.SYN_RECV));
        assertTrue(SyncTracker.needed(true, 7, TcpState.CLOSE, TcpState.ESTABLISHED));
    }

    @Test
    void aFullRingDropsAndCounts() {
        SyncRing small = new SyncRing(2);
        assertTrue(small.offer(6 << 24, 1, 1, 2, 3, 4, 5, 6));
        assertTrue(small.offer(6 << 24, 1, 1, 2, 3, 4, 5, 6));
        assertFalse(small.offer(6 << 24, 1, 1, 2, 3, 4, 5, 6));
        assertEquals(1, small.dropped());
        assertEquals(new SyncEntry(6, 0, 1, 0, 2, 5, 0, 6, 1, 3, 4), small.poll());
        small.poll();
        assertNull(small.poll());
    }
}
