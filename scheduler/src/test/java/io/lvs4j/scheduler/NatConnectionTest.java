package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NAT connections: both directions through the INPUT and OUTPUT tables of ip_vs_proto_tcp.c, Out* counters. */
class NatConnectionTest {
    private static final int SYN = TcpState.SYN;
    private static final int ACK = TcpState.ACK;
    private static final int FIN = TcpState.FIN;
    private static final int RST = TcpState.RST;
    private static final int CLIENT = ip(192, 168, 0, 7);
    private static final long T0 = 1_000_000;

    private final ConnectionTable table = new ConnectionTable(1024, new Timeouts());
    private final VirtualService svc = Lab.service(new RoundRobin());
    private final RealServer rs = masq(svc, 11, 8080);

    static RealServer masq(VirtualService svc, int last, int port) {
        RealServer rs = svc.addServer(ip(10, 0, 1, last), port, ForwardingMethod.MASQ, 1, 0, 0);
        rs.nextHopResolved(0x0200_0000_0000L | last);
        return rs;
    }

    private void in(int flags, long now) {
        assertSame(rs, table.dispatch(svc, CLIENT, 40000, svc.address(), 80, flags, 60, now));
    }

    private void out(int flags, long now) {
        assertTrue(table.reply(rs, CLIENT, 40000, 80, flags, 1500, now));
    }

    private Object[] entry() {
        List<Object[]> found = new ArrayList<>();
        table.forEach((p, ca, cp, va, vp, server, st, rem, tmpl) -> found.add(new Object[] {st, rem}));
        assertEquals(1, found.size());
        return found.get(0);
    }

    private void expect(TcpState state, long timeoutMillis) {
        assertEquals(state, entry()[0]);
        assertEquals(timeoutMillis, entry()[1]);
    }

    @Test
    void natTraceClosedByTheClient() {
        in(SYN, T0);
        expect(TcpState.SYN_RECV, 60_000);
        out(SYN | ACK, T0 + 1);
        expect(TcpState.SYN_RECV, 60_000);
        in(ACK, T0 + 2);
        expect(TcpState.ESTABLISHED, 900_000);
        out(ACK, T0 + 3);
        expect(TcpState.ESTABLISHED, 900_000);
        assertEquals(1, rs.activeConnections());
        // the client closes first: INPUT fin → CLOSE_WAIT, then the server's FIN → TIME_WAIT
        in(FIN | ACK, T0 + 4);
        expect(TcpState.CLOSE_WAIT, 60_000);
        assertEquals(0, rs.activeConnections());
        assertEquals(1, rs.inactiveConnections());
        out(FIN | ACK, T0 + 5);
        expect(TcpState.TIME_WAIT, 120_000);
        in(ACK, T0 + 6);
        expect(TcpState.TIME_WAIT, 120_000);
    }

    @Test
    void natTraceClosedByTheServerAndReset() {
        in(SYN, T0);
        out(SYN | ACK, T0 + 1);
        in(ACK, T0 + 2);
        out(FIN | ACK, T0 + 3);
        expect(TcpState.FIN_WAIT, 120_000);
        in(ACK, T0 + 4);
        expect(TcpState.FIN_WAIT, 120_000);
        in(FIN | ACK, T0 + 5);
        expect(TcpState.TIME_WAIT, 120_000);
        in(RST, T0 + 6);
        expect(TcpState.CLOSE, 10_000);
    }

    @Test
    void serverResetDuringHandshakeCloses() {
        in(SYN, T0);
        out(RST | ACK, T0 + 1);
        expect(TcpState.CLOSE, 10_000);
        assertEquals(0, rs.activeConnections());
    }

    @Test
    void repliesCountOutPacketsAndBytes() {
        in(SYN, T0);
        out(SYN | ACK, T0 + 1);
        out(ACK, T0 + 2);
        assertEquals(1, rs.stats().inPackets);
        assertEquals(60, rs.stats().inBytes);
        assertEquals(2, rs.stats().outPackets);
        assertEquals(3000, rs.stats().outBytes);
        assertEquals(2, svc.stats().outPackets);
        assertEquals(3000, svc.stats().outBytes);
    }

    @Test
    void replyOfAnUnknownFlowOrAnotherServerIsNotOurs() {
        RealServer other = masq(svc, 12, 8080);
        assertFalse(table.reply(rs, CLIENT, 40000, 80, ACK, 60, T0));
        RealServer chosen = table.dispatch(svc, CLIENT, 40000, svc.address(), 80, SYN, 60, T0);
        RealServer notChosen = chosen == rs ? other : rs;
        assertFalse(table.reply(notChosen, CLIENT, 40000, 80, ACK, 60, T0), "the flow is bound to the other server");
        assertFalse(table.reply(chosen, CLIENT, 40001, 80, ACK, 60, T0));
        assertTrue(table.reply(chosen, CLIENT, 40000, 80, ACK, 60, T0));
        assertEquals(1, chosen.stats().outPackets);
        assertEquals(0, notChosen.stats().outPackets);
    }

    @Test
    void udpReplyRestartsTheTimeout() {
        VirtualService dns = Lab.udpService(new RoundRobin());
        RealServer server = masq(dns, 21, 5300);
        assertSame(server, table.dispatch(dns, CLIENT, 5353, dns.address(), 53, 0, 40, T0));
        assertTrue(table.reply(server, CLIENT, 5353, 53, 0, 80, T0 + 200_000));
        assertEquals(300_000L, entry()[1]);
        assertEquals(1, server.stats().outPackets);
    }

    @Test
    void directRoutingStillUsesInputOnly() {
        RealServer dr = Lab.add(Lab.service(new RoundRobin()), 5, 1);
        VirtualService drSvc = dr.service();
        table.dispatch(drSvc, CLIENT, 41000, drSvc.address(), 80, SYN, 60, T0);
        table.dispatch(drSvc, CLIENT, 41000, drSvc.address(), 80, ACK, 60, T0 + 1);
        table.dispatch(drSvc, CLIENT, 41000, drSvc.address(), 80, FIN | ACK, 60, T0 + 2);
        assertEquals(TcpState.FIN_WAIT, entry()[0], "INPUT_ONLY: ESTABLISHED --fin--> FIN_WAIT (INPUT would give CLOSE_WAIT)");
    }
}
