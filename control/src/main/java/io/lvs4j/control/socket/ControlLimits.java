package io.lvs4j.control.socket;

/**
 * What one client may take of the control socket. A request must arrive whole within
 * {@code requestMillis} of connecting and its reply be read within {@code replyMillis}, so a
 * client that stalls loses its connection, not everyone's turn; beyond {@code maxConnections}
 * open at once a new client is told the director is busy.
 *
 * @param maxRequestBytes the largest request taken (a -R of the rules on standard input)
 */
public record ControlLimits(int maxConnections, int maxRequestBytes, long requestMillis, long replyMillis) {
    /** 64 clients, 16 MiB (about 200 000 rules), 10 s to send, 60 s to read the answer. */
    public static final ControlLimits DEFAULT = new ControlLimits(64, 16 << 20, 10_000, 60_000);

    public ControlLimits {
        if (maxConnections < 1 || maxRequestBytes < 64 || requestMillis < 1 || replyMillis < 1) {
            throw new IllegalArgumentException("control limits must be positive: " + maxConnections + ", "
                    + maxRequestBytes + ", " + requestMillis + ", " + replyMillis);
        }
    }
}
