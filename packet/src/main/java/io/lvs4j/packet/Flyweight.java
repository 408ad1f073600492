package io.lvs4j.packet;

/**
 * What every view shares: the (buffer, offset, length) it is wrapped around. A view is reused for
 * every packet of one capture thread (not thread-safe) and reads fields in place; its accessors are
 * meaningful only when the view's {@code valid()} is true and do not re-check lengths.
 */
public abstract class Flyweight {
    byte[] buf;
    int off;
    int len;

    Flyweight() {}

    final void set(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    public final byte[] buffer() {
        return buf;
    }

    /** Absolute offset of the wrapped header in {@link #buffer()}. */
    public final int offset() {
        return off;
    }

    /**
     * The length given to wrap: for a frame's payload it includes Ethernet padding (compare
     * {@link Ipv4Packet#totalLength()}); not named length() because UDP has a length field.
     */
    public final int wrappedLength() {
        return len;
    }

    /** At least n bytes wrapped, all inside the buffer: the first check of every valid(). */
    final boolean spans(int n) {
        return len >= n && Bytes.inBounds(buf, off, len);
    }
}
