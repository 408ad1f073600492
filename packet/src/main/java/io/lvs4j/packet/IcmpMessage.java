package io.lvs4j.packet;

/** Flyweight view of an ICMP message header (RFC 792), wrapped at the IP payload. */
public final class IcmpMessage extends Flyweight {
    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;
    /** Code of {@link #TYPE_DESTINATION_UNREACHABLE}: fragmentation needed and DF set (RFC 1191). */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    public static final int HEADER_LENGTH = 8;

    public IcmpMessage wrap(byte[] buf, int off, int len) {
        set(buf, off, len);
        return this;
    }

    public boolean valid() {
        return spans(HEADER_LENGTH);
    }

    public int type() {
        return Bytes.u8(buf, off);
    }

    public int code() {
        return Bytes.u8(buf, off + 1);
    }

    public int checksum() {
        return Bytes.u16(buf, off + 2);
    }

    /** Over the whole message as wrapped (pass the IP payload length, not the frame's). */
    public boolean checksumValid() {
        return Checksum.verify(buf, off, len);
    }

    /** Bytes 6-7: the next-hop MTU of a fragmentation-needed message (0 from pre-RFC 1191 routers). */
    public int nextHopMtu() {
        return Bytes.u16(buf, off + 6);
    }

    /** Absolute offset of the quoted IP header in error messages (after the 8-byte ICMP header). */
    public int quoteOffset() {
        return off + HEADER_LENGTH;
    }
}
