package io.lvs4j.packet;

/**
 * LVS-TUN: IPv4-in-IPv4 (RFC 2003). The client's packet travels unchanged inside an outer header
 * from the director to the real server, which decapsulates it and answers the client directly.
 */
public final class IpipEncapsulation {
    /** Outer IPv4 header without options. */
    public static final int OVERHEAD = Ipv4Packet.MIN_HEADER_LENGTH;
    /** Ethernet + outer IPv4: where the inner packet starts in the written frame. */
    public static final int FRAME_OVERHEAD = EthernetFrame.HEADER_LENGTH + OVERHEAD;
    public static final int OUTER_TTL = 64;

    private IpipEncapsulation() {}

    /**
     * Writes Ethernet (IPv4) + outer IPv4 (TOS and DF copied from the inner header, TTL 64,
     * protocol 4, fresh checksum) + the inner packet byte for byte; returns the frame length
     * (34 + innerIpLen). Pass the inner total length as innerIpLen, not the captured length, so
     * Ethernet padding is not tunnelled. out may be the capture buffer itself: the inner packet is
     * read before any header is written and copied with overlap-safe arraycopy.
     *
     * @throws IllegalArgumentException when the outer datagram would exceed 65535 bytes
     */
    public static int encapsulate(byte[] inner, int innerIpOff, int innerIpLen, byte[] out, int outOff,
                                  long dstMac, long srcMac, int outerSrc, int outerDst, int identification) {
        checkLength(innerIpLen);
        System.arraycopy(inner, innerIpOff, out, outOff + FRAME_OVERHEAD, innerIpLen);
        // the headers take TOS and DF from the copy, which nothing written in front of it can overlap
        return writeHeaders(out, outOff + FRAME_OVERHEAD, innerIpLen, out, outOff, dstMac, srcMac, outerSrc, outerDst,
                identification) + innerIpLen;
    }

    /**
     * Writes only the {@value #FRAME_OVERHEAD} bytes that go in front of the inner packet (as
     * {@link #encapsulate} does), for a sender that puts them before the packet where it lies.
     *
     * @throws IllegalArgumentException when the outer datagram would exceed 65535 bytes
     */
    public static int writeHeaders(byte[] inner, int innerIpOff, int innerIpLen, byte[] out, int outOff,
                                   long dstMac, long srcMac, int outerSrc, int outerDst, int identification) {
        checkLength(innerIpLen);
        int tos = Bytes.u8(inner, innerIpOff + 1);
        int df = Bytes.u16(inner, innerIpOff + 6) & Ipv4Packet.FLAG_DF;
        EthernetFrame.writeHeader(out, outOff, dstMac, srcMac, EthernetFrame.TYPE_IPV4);
        Ipv4Packet.writeHeader(out, outOff + EthernetFrame.HEADER_LENGTH, tos, OVERHEAD + innerIpLen, identification,
                df, OUTER_TTL, Ipv4Packet.PROTO_IPIP, outerSrc, outerDst);
        return FRAME_OVERHEAD;
    }

    private static void checkLength(int innerIpLen) {
        if (OVERHEAD + innerIpLen > 0xffff) {
            throw new IllegalArgumentException("inner packet of " + innerIpLen + " bytes cannot be encapsulated: "
                    + "the outer datagram would exceed 65535 bytes");
        }
    }
}
