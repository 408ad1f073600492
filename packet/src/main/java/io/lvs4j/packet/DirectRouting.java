package io.lvs4j.packet;

/**
 * LVS-DR forwarding: only the MAC addresses change. The IP packet (and its VIP destination) reaches
 * the real server as the client sent it, so no IP or L4 checksum is touched.
 */
public final class DirectRouting {
    /** The bytes {@link #rewrite} changes, from the frame's first: the two MAC addresses. */
    public static final int REWRITTEN = 2 * MacAddress.LENGTH;

    private DirectRouting() {}

    /** Destination MAC = the real server's, source MAC = ours; bytes from 12 on (type, tag, IP) are left as they are. */
    public static void rewrite(byte[] frame, int off, long serverMac, long ourMac) {
        MacAddress.write(frame, off, serverMac);
        MacAddress.write(frame, off + 6, ourMac);
    }
}
