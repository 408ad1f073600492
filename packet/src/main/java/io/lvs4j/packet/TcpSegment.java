package io.lvs4j.packet;

/**
 * Flyweight view of a TCP header (RFC 9293), wrapped at the IP payload.
 *
 * <p>{@link #valid()} needs the whole 20-byte fixed header (so ports, sequence numbers and flags
 * are all readable) and a data offset of at least 5; it does NOT need TCP options to be inside len,
 * because nothing here reads them and a first fragment may legally cut them. A shorter "tiny
 * fragment" (RFC 1858) is invalid and should be dropped. Only wrap a packet whose
 * {@link Ipv4Packet#hasTransportHeader()} is true: non-first fragments carry no TCP header.
 */
public final class TcpSegment extends Flyweight {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int MIN_HEADER_LENGTH = 20;

    public TcpSegment wrap(byte[] buf, int off, int len) {
        set(buf, off, len);
        return this;
    }

    public boolean valid() {
        return spans(MIN_HEADER_LENGTH) && dataOffset() >= 5;
    }

    public int sourcePort() {
        return Bytes.u16(buf, off);
    }

    public int destinationPort() {
        return Bytes.u16(buf, off + 2);
    }

    /** Unsigned 32-bit value in the low bits of a long: sequence arithmetic is the caller's. */
    public long sequenceNumber() {
        return Bytes.i32(buf, off + 4) & 0xffff_ffffL;
    }

    public long acknowledgementNumber() {
        return Bytes.i32(buf, off + 8) & 0xffff_ffffL;
    }

    /** Header length in 32-bit words. */
    public int dataOffset() {
        return Bytes.u8(buf, off + 12) >>> 4;
    }

    /** dataOffset * 4, options included; may exceed len in a first fragment (see class doc). */
    public int headerLength() {
        return dataOffset() << 2;
    }

    /** The low 8 flag bits (CWR ECE URG ACK PSH RST SYN FIN); test with the constants. */
    public int flags() {
        return Bytes.u8(buf, off + 13);
    }

    public boolean has(int flag) {
        return (flags() & flag) != 0;
    }

    public int window() {
        return Bytes.u16(buf, off + 14);
    }

    public int checksum() {
        return Bytes.u16(buf, off + 16);
    }
}
