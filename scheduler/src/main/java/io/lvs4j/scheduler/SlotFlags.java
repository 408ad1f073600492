package io.lvs4j.scheduler;

/**
 * A connection table slot's flags byte: the TCP state (low four bits), {@link #F_UDP},
 * {@link #F_TEMPLATE} and {@link ConnectionHash#F_HASHED}; and set_tcp_state, which moves a TCP
 * entry between states and keeps its server's active/inactive counts. Static: the bytes stay in
 * the table's one array.
 */
final class SlotFlags {
    static final int STATE_MASK = 0x0F;
    static final int F_UDP = 0x10;
    static final int F_TEMPLATE = 0x20;

    private static final boolean[] ACTIVE = new boolean[16];

    static {
        for (TcpState s : TcpState.values()) {
            ACTIVE[s.ordinal()] = s.active();
        }
    }

    private SlotFlags() {
    }

    static TcpState state(int f) {
        return TcpState.ofOrdinal(f & STATE_MASK);
    }

    static boolean udp(int f) {
        return (f & F_UDP) != 0;
    }

    static boolean template(int f) {
        return (f & F_TEMPLATE) != 0;
    }

    /** Whether a connection with these flags counts in its server's active connections (TCP only). */
    static boolean active(int f) {
        return !udp(f) && ACTIVE[f & STATE_MASK];
    }

    /** Moves slot {@code s} of {@code flags} to {@code next}, telling {@code rs} when it turns (in)active; the new state's ordinal. */
    static int setTcpState(byte[] flags, int s, RealServer rs, TcpState next) {
        int f = flags[s];
        int old = f & STATE_MASK;
        int now = next.ordinal();
        if (now != old) {
            flags[s] = (byte) ((f & ~STATE_MASK) | now);
            if (ACTIVE[now] != ACTIVE[old]) {
                rs.activeChanged(ACTIVE[now]);
            }
        }
        return now;
    }

    /**
     * tcp_conn_schedule: a SYN without RST starts a TCP connection; with sloppy TCP any segment
     * without RST does, and its state follows from its flags (an ACK enters ESTABLISHED at once).
     */
    static boolean startsTcpConnection(int tcpFlags, boolean sloppyTcp) {
        return (tcpFlags & TcpState.RST) == 0 && (sloppyTcp || (tcpFlags & TcpState.SYN) != 0);
    }
}
