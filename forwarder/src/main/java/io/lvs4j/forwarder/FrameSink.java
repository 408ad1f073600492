package io.lvs4j.forwarder;

/** Where the director's outgoing frames go: the NIC, a capture file, or a test. */
public interface FrameSink {
    /** Sends {@code length} bytes of {@code frame} from offset 0; false when the NIC refused it. */
    boolean send(byte[] frame, int length);

    /**
     * Sends a frame built around the one just received: {@code head[0, headLength)} followed by
     * {@code received[from, from + length)} (DR: the rewritten MACs, then the rest of the frame;
     * TUN: Ethernet and outer IP headers, then the client's packet). {@code head} may be
     * {@code received} itself when {@code from == headLength}. A port that still holds the received
     * frame in memory it transmits from ({@link XdpPort}) writes only the head in front of it there
     * and sends that frame, so the payload is never copied; any other sink gets the frame assembled
     * in {@code head}, which must have room for it.
     */
    default boolean sendSpliced(byte[] head, int headLength, byte[] received, int from, int length) {
        if (head != received || from != headLength) {
            System.arraycopy(received, from, head, headLength, length);
        }
        return send(head, headLength + length);
    }
}
