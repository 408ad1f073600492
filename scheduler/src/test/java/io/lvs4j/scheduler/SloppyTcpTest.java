package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.add;
import static io.lvs4j.scheduler.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** net.ipv4.vs.sloppy_tcp: flows first seen mid-stream, as a director behind ECMP sees them after a change. */
class SloppyTcpTest {
    private static final int SYN = TcpState.SYN;
    private static final int ACK = TcpState.ACK;
    private static final int FIN = TcpState.FIN;
    private static final int RST = TcpState.RST;
    private static final int CLIENT = ip(192, 168, 0, 7);
    private static final long T0 = 1_000_000;

    private static RealServer send(ConnectionTable t, VirtualService svc, int port, int flags) {
        return t.dispatch(svc, CLIENT, port, svc.address(), svc.port(), flags, 60, T0);
    }

    private static TcpState state(ConnectionTable t, int clientPort) {
        List<TcpState> found = new ArrayList<>();
        t.forEach((p, ca, cp, va, vp, rs, st, rem, tmpl) -> {
            if (cp == clientPort) {
                found.add(st);
            }
        });
        assertEquals(1, found.size());
        return found.get(0);
    }

    @Test
    void offByDefaultAMidStreamAckIsDropped() {
        ConnectionTable t = new ConnectionTable(64, new Timeouts());
        VirtualService svc = Lab.service(new MaglevHashing());
        add(svc, 1, 1);
        assertFalse(t.sloppyTcp());
        assertNull(send(t, svc, 1000, ACK));
        assertEquals(1, t.counters().droppedNotSyn());
        assertEquals(0, t.size());
    }

    @Test
    void aMidStreamAckCreatesAnEstablishedActiveEntry() {
        ConnectionTable t = new ConnectionTable(64, new Timeouts());
        t.sloppyTcp(true);
        VirtualService svc = Lab.service(new MaglevHashing());
        RealServer rs = add(svc, 1, 1);
        assertSame(rs, send(t, svc, 1000, ACK));
        assertEquals(TcpState.ESTABLISHED, state(t, 1000)); // NONE --ACK--> ESTABLISHED (INPUT_ONLY)
        assertEquals(1, rs.activeConnections());
        assertSame(rs, send(t, svc, 1001, FIN | ACK));
        assertEquals(TcpState.CLOSE, state(t, 1001)); // NONE --FIN--> CLOSE, as the kernel's table
        assertEquals(0, t.counters().droppedNotSyn());
    }

    @Test
    void aRstNeverStartsAConnectionEvenWhenSloppy() {
        ConnectionTable t = new ConnectionTable(64, new Timeouts());
        t.sloppyTcp(true);
        VirtualService svc = Lab.service(new MaglevHashing());
        add(svc, 1, 1);
        assertNull(send(t, svc, 1000, RST | ACK));
        assertNull(send(t, svc, 1000, SYN | RST));
        assertEquals(2, t.counters().droppedNotSyn());
        assertEquals(0, t.size());
    }

    /** Two directors with mh and the same servers: a flow moved mid-stream goes on to the same server. */
    @Test
    void anotherDirectorWithMhPicksTheSameServerForAMovedFlow() {
        VirtualService a = Lab.service(new MaglevHashing(SchedulerFlags.DEFAULT_MH_TABLE_SIZE, false, true));
        VirtualService b = Lab.service(new MaglevHashing(SchedulerFlags.DEFAULT_MH_TABLE_SIZE, false, true));
        for (int last = 11; last <= 13; last++) {
            add(a, last, 1);
            add(b, last, 1);
        }
        ConnectionTable first = new ConnectionTable(1024, new Timeouts());
        ConnectionTable second = new ConnectionTable(1024, new Timeouts());
        second.sloppyTcp(true);
        boolean[] seen = new boolean[256];
        for (int port = 20_000; port < 20_100; port++) {
            RealServer there = send(first, a, port, SYN);
            RealServer here = send(second, b, port, ACK);
            assertNotNull(here);
            assertEquals(there.address(), here.address(), "client port " + port);
            seen[here.address() & 255] = true;
        }
        assertTrue(seen[11] && seen[12] && seen[13], "mh-port spreads one client's flows over every server");
    }
}
