package io.lvs4j.scheduler;

/**
 * IPVS's TCP connection states (IP_VS_TCP_S_*), with the names ipvsadm -Lnc prints and the
 * transition tables of ip_vs_proto_tcp.c: INPUT_ONLY for DR and TUN, which see only
 * client→server segments; INPUT and OUTPUT for NAT, which sees both directions.
 */
public enum TcpState {
    NONE(false),
    ESTABLISHED(true),
    SYN_SENT(true),
    SYN_RECV(true),
    FIN_WAIT(false),
    TIME_WAIT(false),
    CLOSE(false),
    CLOSE_WAIT(false),
    LAST_ACK(false),
    LISTEN(false),
    SYNACK(true);

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    private static final TcpState[] VALUES = values();
    /** INPUT_ONLY[state][event], events in the order SYN FIN ACK RST. */
    private static final TcpState[][] INPUT_ONLY = new TcpState[VALUES.length][];
    /** NAT's client→server (INPUT) and server→client (OUTPUT) tables, same layout. */
    private static final TcpState[][] INPUT = new TcpState[VALUES.length][];
    private static final TcpState[][] OUTPUT = new TcpState[VALUES.length][];

    static {
        row(NONE, SYN_RECV, CLOSE, ESTABLISHED, CLOSE);
        row(ESTABLISHED, ESTABLISHED, FIN_WAIT, ESTABLISHED, CLOSE);
        row(SYN_SENT, ESTABLISHED, SYN_SENT, SYN_SENT, CLOSE);
        row(SYN_RECV, SYN_RECV, TIME_WAIT, ESTABLISHED, SYN_RECV);
        row(FIN_WAIT, SYN_RECV, FIN_WAIT, FIN_WAIT, CLOSE);
        row(TIME_WAIT, SYN_RECV, TIME_WAIT, TIME_WAIT, CLOSE);
        row(CLOSE, SYN_RECV, CLOSE, CLOSE, CLOSE);
        row(CLOSE_WAIT, SYN_RECV, CLOSE_WAIT, CLOSE_WAIT, CLOSE);
        row(LAST_ACK, SYN_RECV, LAST_ACK, CLOSE, LAST_ACK);
        row(LISTEN, SYN_RECV, LISTEN, LISTEN, LISTEN);
        row(SYNACK, SYN_RECV, TIME_WAIT, ESTABLISHED, CLOSE);

        // tcp_states[] INPUT and OUTPUT (columns of the kernel's table written as rows here)
        nat(NONE, SYN_RECV, CLOSE, CLOSE, CLOSE, SYN_SENT, TIME_WAIT, ESTABLISHED, CLOSE);
        nat(ESTABLISHED, ESTABLISHED, CLOSE_WAIT, ESTABLISHED, CLOSE, ESTABLISHED, FIN_WAIT, ESTABLISHED, CLOSE);
        nat(SYN_SENT, ESTABLISHED, SYN_SENT, SYN_SENT, CLOSE, SYN_SENT, SYN_SENT, SYN_SENT, SYN_SENT);
        nat(SYN_RECV, SYN_RECV, TIME_WAIT, ESTABLISHED, SYN_RECV, SYN_RECV, TIME_WAIT, ESTABLISHED, CLOSE);
        nat(FIN_WAIT, SYN_RECV, TIME_WAIT, FIN_WAIT, CLOSE, SYN_SENT, FIN_WAIT, FIN_WAIT, CLOSE);
        nat(TIME_WAIT, SYN_RECV, TIME_WAIT, TIME_WAIT, CLOSE, SYN_SENT, TIME_WAIT, TIME_WAIT, TIME_WAIT);
        nat(CLOSE, SYN_RECV, CLOSE, CLOSE, CLOSE, SYN_SENT, CLOSE, CLOSE, CLOSE);
        nat(CLOSE_WAIT, SYN_RECV, CLOSE_WAIT, CLOSE_WAIT, CLOSE, SYN_SENT, TIME_WAIT, CLOSE_WAIT, CLOSE);
        nat(LAST_ACK, SYN_RECV, LAST_ACK, CLOSE, LAST_ACK, SYN_SENT, LAST_ACK, LAST_ACK, CLOSE);
        nat(LISTEN, SYN_RECV, LISTEN, LISTEN, LISTEN, LISTEN, LISTEN, ESTABLISHED, CLOSE);
        nat(SYNACK, SYN_RECV, TIME_WAIT, ESTABLISHED, SYN_RECV, SYN_RECV, TIME_WAIT, ESTABLISHED, CLOSE);
    }

    private static void row(TcpState from, TcpState syn, TcpState fin, TcpState ack, TcpState rst) {
        INPUT_ONLY[from.ordinal()] = new TcpState[] {syn, fin, ack, rst};
    }

    private static void nat(TcpState from, TcpState inSyn, TcpState inFin, TcpState inAck, TcpState inRst,
                            TcpState outSyn, TcpState outFin, TcpState outAck, TcpState outRst) {
        INPUT[from.ordinal()] = new TcpState[] {inSyn, inFin, inAck, inRst};
        OUTPUT[from.ordinal()] = new TcpState[] {outSyn, outFin, outAck, outRst};
    }

    private final boolean active;

    TcpState(boolean active) {
        this.active = active;
    }

    /** Counted in ActiveConn (true) or InActConn (false) by ipvsadm -L. */
    public boolean active() {
        return active;
    }

    /** The state after a client→server segment with these TCP flags (INPUT_ONLY table). */
    public TcpState next(int tcpFlags) {
        int event = event(tcpFlags);
        return event < 0 ? CLOSE : INPUT_ONLY[ordinal()][event];
    }

    /** The state after a client→server segment of a NAT connection (INPUT table). */
    public TcpState nextInput(int tcpFlags) {
        int event = event(tcpFlags);
        return event < 0 ? CLOSE : INPUT[ordinal()][event];
    }

    /** The state after a server→client segment of a NAT connection (OUTPUT table). */
    public TcpState nextOutput(int tcpFlags) {
        int event = event(tcpFlags);
        return event < 0 ? CLOSE : OUTPUT[ordinal()][event];
    }

    /**
     * The table column for a segment, as tcp_state_idx: RST > SYN > FIN > ACK; -1 when none of
     * them is set (set_tcp_state then moves to CLOSE).
     */
    static int event(int tcpFlags) {
        if ((tcpFlags & RST) != 0) {
            return 3;
        }
        if ((tcpFlags & SYN) != 0) {
            return 0;
        }
        if ((tcpFlags & FIN) != 0) {
            return 1;
        }
        if ((tcpFlags & ACK) != 0) {
            return 2;
        }
        return -1;
    }

    static TcpState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** The state column of ipvsadm -Lnc: the TCP name, or "UDP" for any UDP entry. */
    public static String listName(Protocol protocol, TcpState state) {
        return protocol == Protocol.UDP ? "UDP" : state.name();
    }
}
