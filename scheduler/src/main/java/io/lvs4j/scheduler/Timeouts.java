package io.lvs4j.scheduler;

/**
 * Connection timeouts in seconds: one per TCP state (tcp_timeouts[] of ip_vs_proto_tcp.c) and one
 * for UDP. {@link #set} is ipvsadm --set tcp tcpfin udp. The connection table reads
 * {@link #version()} to notice changes without re-reading every value per packet.
 */
public final class Timeouts {
    private final int[] tcpSeconds = new int[TcpState.values().length];
    private int udpSeconds;
    private int version;

    public Timeouts() {
        tcpSeconds[TcpState.NONE.ordinal()] = 2;
        tcpSeconds[TcpState.ESTABLISHED.ordinal()] = 900;
        tcpSeconds[TcpState.SYN_SENT.ordinal()] = 120;
        tcpSeconds[TcpState.SYN_RECV.ordinal()] = 60;
        tcpSeconds[TcpState.FIN_WAIT.ordinal()] = 120;
        tcpSeconds[TcpState.TIME_WAIT.ordinal()] = 120;
        tcpSeconds[TcpState.CLOSE.ordinal()] = 10;
        tcpSeconds[TcpState.CLOSE_WAIT.ordinal()] = 60;
        tcpSeconds[TcpState.LAST_ACK.ordinal()] = 30;
        tcpSeconds[TcpState.LISTEN.ordinal()] = 120;
        tcpSeconds[TcpState.SYNACK.ordinal()] = 120;
        udpSeconds = 300;
    }

    /** ipvsadm --set tcp tcpfin udp: ESTABLISHED, FIN_WAIT and UDP; 0 leaves a value unchanged. */
    public void set(int tcp, int tcpfin, int udp) {
        if (tcp < 0 || tcpfin < 0 || udp < 0) {
            throw new IllegalArgumentException("timeouts must be >= 0 (0 = unchanged)");
        }
        if (tcp > 0) {
            tcpSeconds[TcpState.ESTABLISHED.ordinal()] = tcp;
        }
        if (tcpfin > 0) {
            tcpSeconds[TcpState.FIN_WAIT.ordinal()] = tcpfin;
        }
        if (udp > 0) {
            udpSeconds = udp;
        }
        version++;
    }

    public int tcpSeconds(TcpState state) {
        return tcpSeconds[state.ordinal()];
    }

    /** The ESTABLISHED timeout: the "tcp" of ipvsadm --timeout. */
    public int tcp() {
        return tcpSeconds[TcpState.ESTABLISHED.ordinal()];
    }

    /** The FIN_WAIT timeout: the "tcpfin" of ipvsadm --timeout. */
    public int tcpFin() {
        return tcpSeconds[TcpState.FIN_WAIT.ordinal()];
    }

    public int udp() {
        return udpSeconds;
    }

    /** Changes each time {@link #set} is called. */
    public int version() {
        return version;
    }

    /** ipvsadm --timeout's line. */
    @Override
    public String toString() {
        return "Timeout (tcp tcpfin udp): " + tcp() + " " + tcpFin() + " " + udp();
    }
}
