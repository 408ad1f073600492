package io.lvs4j.packet;

/**
 * Flyweight view of a UDP header (RFC 768), wrapped at the IP payload. {@link #valid()} needs the
 * 8-byte header only: the length field is not compared with len because in a first fragment it
 * legitimately describes the whole datagram. Non-first fragments carry no UDP header; check
 * {@link Ipv4Packet#hasTransportHeader()} first.
 */
public final class UdpDatagram extends Flyweight {
    public static final int HEADER_LENGTH = 8;

    public UdpDatagram wrap(byte[] buf, int off, int len) {
        set(buf, off, len);
        return this;
    }

    public boolean valid() {
        return spans(HEADER_LENGTH);
    }

    public int sourcePort() {
        return Bytes.u16(buf, off);
    }

    public int destinationPort() {
        return Bytes.u16(buf, off + 2);
    }

    /** The length field: header + data of the whole (unfragmented) datagram. */
    public int length() {
        return Bytes.u16(buf, off + 4);
    }

    /** 0 means the sender did not compute one (allowed for UDP over IPv4). */
    public int checksum() {
        return Bytes.u16(buf, off + 6);
    }
}
