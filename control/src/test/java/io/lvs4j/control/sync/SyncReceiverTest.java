package io.lvs4j.control.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Scheduler;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.TcpState;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backup's insertion: no scheduling, the master's server, and the packets that follow take it over. */
class SyncReceiverTest {
    private static final int VIP = 0x0A000064;
    private static final int CLIENT = 0x0A000032;

    /** A scheduler that counts its calls and always picks the first server. */
    private static final class Counting implements Scheduler {
        int calls;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public RealServer schedule(VirtualService service, int clientAddress, int clientPort, int virtualAddress,
                                   long nowMillis) {
            calls++;
            return service.servers().get(0);
        }
    }

    private final Timeouts timeouts = new Timeouts();
    private final ServiceTable services = new ServiceTable();
    private final ConnectionTable connections = new ConnectionTable(64, timeouts);
    private final Tables tables = new Tables(services, connections, timeouts);

    private SyncReceiver receiver() throws Exception {
        String lo = java.net.NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()).getName();
        SyncConfig c = new SyncConfig(SyncConfig.Role.BACKUP, lo, 0, 1472,
                (Inet4Address) InetAddress.getByName("224.0.0.81"), 8848, 1);
        return new SyncReceiver(c, DatagramChannel.open(), TableAccess.direct(tables));
    }

    @Test
    void syncedEntriesAreInsertedWithoutSchedulingAndCarryTheirPackets() throws Exception {
        Counting scheduler = new Counting();
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80, scheduler, 300, -1);
        services.add(svc);
        RealServer first = svc.addServer(0x0A00000B, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        RealServer second = svc.addServer(0x0A00000C, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        RealServer head = svc.servers().get(0);
        RealServer other = head == first ? second : first;
        // the master had client:40000 and the client's template on the server the scheduler would not pick
        receiver().apply(List.of(
                new SyncEntry(6, SyncMessage.F_DROUTE, TcpState.ESTABLISHED.ordinal(), 40000, 80, 80, 0, 900,
                        CLIENT, VIP, other.address()),
                new SyncEntry(6, SyncMessage.F_DROUTE | SyncMessage.F_TEMPLATE, 0, 0, 80, 80, 0, 300,
                        CLIENT, VIP, other.address())), tables, 1_000);
        assertEquals(0, scheduler.calls, "the backup never schedules a synced entry");
        assertEquals(2, connections.size());
        assertEquals(1, other.activeConnections());
        assertEquals(1, other.persistentConnections());
        // a packet of the synced connection (an ACK mid-stream) goes to the master's server
        assertSame(other, connections.dispatch(svc, CLIENT, 40000, VIP, 80, TcpState.ACK, 52, 2_000));
        // the client's new connection follows its synced template
        assertSame(other, connections.dispatch(svc, CLIENT, 40001, VIP, 80, TcpState.SYN, 60, 2_000));
        assertEquals(0, scheduler.calls);
    }

    @Test
    void aRefreshMovesStateAndCountsWithoutDuplicates() throws Exception {
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80, new Counting(), 0, -1);
        services.add(svc);
        RealServer rs = svc.addServer(0x0A00000B, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        SyncReceiver r = receiver();
        r.apply(List.of(new SyncEntry(6, 3, TcpState.ESTABLISHED.ordinal(), 40000, 80, 80, 0, 900, CLIENT, VIP,
                rs.address())), tables, 1_000);
        r.apply(List.of(new SyncEntry(6, 3 | SyncMessage.F_INACTIVE, TcpState.FIN_WAIT.ordinal(), 40000, 80, 80, 0,
                120, CLIENT, VIP, rs.address())), tables, 2_000);
        assertEquals(1, connections.size());
        assertEquals(0, rs.activeConnections());
        assertEquals(1, rs.inactiveConnections());
        connections.expire(2_000 + 120_000);
        assertEquals(0, connections.size(), "expires with the master's timeout");
    }

    @Test
    void entriesForUnknownServicesOrServersAreSkipped() throws Exception {
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80, new Counting(), 0, -1);
        services.add(svc);
        svc.addServer(0x0A00000B, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        SyncReceiver r = receiver();
        r.apply(List.of(
                new SyncEntry(6, 3, 1, 40000, 81, 80, 0, 900, CLIENT, VIP, 0x0A00000B),
                new SyncEntry(6, 3, 1, 40000, 80, 80, 0, 900, CLIENT, VIP, 0x0A00000D)), tables, 1_000);
        assertEquals(0, connections.size());
        assertEquals(true, r.counters().contains("2 for no such service/server"), r.counters());
    }
}
