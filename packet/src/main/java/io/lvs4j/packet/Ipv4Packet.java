package io.lvs4j.packet;

/**
 * Flyweight view of an IPv4 datagram (RFC 791), options included, wrapped at the IP header.
 * Accessors are meaningful only when {@link #valid()} is true.
 *
 * <p>Fragments: only the fragment with offset 0 carries the transport header. Before reading
 * ports check {@link #hasTransportHeader()}; a non-first fragment's payload starts in the middle
 * of the original transport payload, and the view cannot tell its flow by itself.
 */
public final class Ipv4Packet extends Flyweight {
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_IPIP = 4;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int MIN_HEADER_LENGTH = 20;
    /** Flag bits in the 16-bit flags/fragment-offset word. */
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    static final int OFFSET_MASK = 0x1fff;

    public Ipv4Packet wrap(byte[] buf, int off, int len) {
        set(buf, off, len);
        return this;
    }

    /**
     * Version 4, IHL at least 5, the header inside len, and header length &lt;= total length &lt;= len.
     * len &gt; total length is legitimate (Ethernet pads frames to 60 bytes). The header checksum is
     * not checked here; see {@link #headerChecksumValid()}.
     */
    public boolean valid() {
        if (!spans(MIN_HEADER_LENGTH) || version() != 4) {
            return false;
        }
        int hl = headerLength();
        int total = totalLength();
        return hl >= MIN_HEADER_LENGTH && hl <= len && total >= hl && total <= len;
    }

    public int version() {
        return Bytes.u8(buf, off) >>> 4;
    }

    /** IHL * 4, in bytes, options included. */
    public int headerLength() {
        return (Bytes.u8(buf, off) & 0x0f) << 2;
    }

    public int tos() {
        return Bytes.u8(buf, off + 1);
    }

    public int totalLength() {
        return Bytes.u16(buf, off + 2);
    }

    public int identification() {
        return Bytes.u16(buf, off + 4);
    }

    /** The raw flags + fragment-offset word (offset in 8-byte units in the low 13 bits). */
    public int flagsAndFragmentOffset() {
        return Bytes.u16(buf, off + 6);
    }

    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MF) != 0;
    }

    /** In bytes (the wire field counts 8-byte units). */
    public int fragmentOffset() {
        return (flagsAndFragmentOffset() & OFFSET_MASK) << 3;
    }

    /** MF set or offset non-zero: this datagram is a piece of a larger one. */
    public boolean isFragment() {
        return (flagsAndFragmentOffset() & (FLAG_MF | OFFSET_MASK)) != 0;
    }

    /** A fragment with offset 0 (MF set): it has the transport header but not the whole datagram. */
    public boolean isFirstFragment() {
        return (flagsAndFragmentOffset() & (FLAG_MF | OFFSET_MASK)) == FLAG_MF;
    }

    /** Offset 0, fragmented or not: the payload starts with the transport header (ports). */
    public boolean hasTransportHeader() {
        return (flagsAndFragmentOffset() & OFFSET_MASK) == 0;
    }

    public int ttl() {
        return Bytes.u8(buf, off + 8);
    }

    public int protocol() {
        return Bytes.u8(buf, off + 9);
    }

    public int headerChecksum() {
        return Bytes.u16(buf, off + 10);
    }

    public boolean headerChecksumValid() {
        return Checksum.verify(buf, off, headerLength());
    }

    public int source() {
        return Bytes.i32(buf, off + 12);
    }

    public int destination() {
        return Bytes.i32(buf, off + 16);
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength();
    }

    /** totalLength - headerLength: excludes Ethernet padding. */
    public int payloadLength() {
        return totalLength() - headerLength();
    }

    /**
     * Writes a 20-byte header without options, checksum included, at off; returns 20.
     * flagsAndOffset is the raw wire word (e.g. {@link #FLAG_DF}).
     */
    public static int writeHeader(byte[] out, int off, int tos, int totalLength, int identification,
                                  int flagsAndOffset, int ttl, int protocol, int source, int destination) {
        out[off] = 0x45;
        out[off + 1] = (byte) tos;
        Bytes.put16(out, off + 2, totalLength);
        Bytes.put16(out, off + 4, identification);
        Bytes.put16(out, off + 6, flagsAndOffset);
        out[off + 8] = (byte) ttl;
        out[off + 9] = (byte) protocol;
        Bytes.put16(out, off + 10, 0);
        Bytes.put32(out, off + 12, source);
        Bytes.put32(out, off + 16, destination);
        Bytes.put16(out, off + 10, Checksum.compute(out, off, MIN_HEADER_LENGTH));
        return MIN_HEADER_LENGTH;
    }
}
