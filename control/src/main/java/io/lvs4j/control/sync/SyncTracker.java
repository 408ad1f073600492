package io.lvs4j.control.sync;

import io.lvs4j.scheduler.ConnectionObserver;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.TcpState;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;

/**
 * The master's choice of what to announce, on the datapath thread (the kernel's
 * ip_vs_sync_conn_needed with its defaults sync_threshold = 3, sync_period = 50,
 * sync_refresh_period = 0): a connection is announced at its 3rd packet and every 50 packets
 * after (53, 103, …), so a long-lived connection is refreshed while it carries traffic; a TCP
 * connection is announced at once when it moves to FIN_WAIT, CLOSE, CLOSE_WAIT or TIME_WAIT, and
 * is never announced in the other states (SYN_RECV, …). A persistent connection's template is
 * announced with each announcement of its connection (the kernel announces it on every packet of
 * a controlled connection; this keeps the backup's template as fresh at a fraction of the rate).
 * Counts live in one int per table slot; nothing here allocates.
 */
final class SyncTracker implements ConnectionObserver {
    static final int THRESHOLD = 3;
    static final int PERIOD = 50;
    private static final boolean[] SYNCED = new boolean[TcpState.values().length];

    static {
        for (TcpState s : new TcpState[] {TcpState.ESTABLISHED, TcpState.FIN_WAIT, TcpState.CLOSE,
                TcpState.CLOSE_WAIT, TcpState.TIME_WAIT}) {
            SYNCED[s.ordinal()] = true;
        }
    }

    private final int[] packets;
    private final SyncRing ring;
    private final Timeouts timeouts;

    SyncTracker(int capacity, SyncRing ring, Timeouts timeouts) {
        this.packets = new int[capacity];
        this.ring = ring;
        this.timeouts = timeouts;
    }

    @Override
    public void dispatched(int slot, boolean created, VirtualService service, int clientAddress, int clientPort,
                           int virtualAddress, int virtualPort, RealServer server, TcpState state,
                           TcpState oldState, long nowMillis) {
        int pkts = created ? 1 : packets[slot] + 1;
        packets[slot] = pkts == Integer.MAX_VALUE ? PERIOD : pkts;
        boolean tcp = service.protocol() == Protocol.TCP;
        if (!needed(tcp, pkts, state, oldState)) {
            return;
        }
        int method = server.method() == ForwardingMethod.TUNNEL ? SyncMessage.F_TUNNEL : SyncMessage.F_DROUTE;
        int protocol = service.protocol().number() << 24;
        int flags = method | (tcp && !state.active() || !tcp ? SyncMessage.F_INACTIVE : 0);
        int timeout = tcp ? timeouts.tcpSeconds(state) : timeouts.udp();
        ring.offer(protocol | flags, tcp ? state.ordinal() : 0, clientAddress, clientPort << 16 | virtualPort,
                virtualAddress, server.address(), server.port(), timeout);
        if (service.persistenceSeconds() > 0) {
            ring.offer(protocol | method | SyncMessage.F_TEMPLATE, 0, clientAddress & service.persistenceNetmask(),
                    service.port() & 0xFFFF, service.address(), server.address(), server.port(),
                    service.persistenceSeconds());
        }
    }

    /** ip_vs_sync_conn_needed with the default sysctls. */
    static boolean needed(boolean tcp, int pkts, TcpState state, TcpState oldState) {
        if (tcp) {
            if (!SYNCED[state.ordinal()]) {
                return false;
            }
            if (state != oldState && state != TcpState.ESTABLISHED) {
                return true;
            }
        }
        return pkts % PERIOD == THRESHOLD;
    }
}
