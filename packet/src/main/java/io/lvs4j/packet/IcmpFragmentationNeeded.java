package io.lvs4j.packet;

/**
 * ICMP destination unreachable, fragmentation needed and DF set (RFC 792 type 3 code 4), with the
 * next-hop MTU of RFC 1191: what a TUN director owes a client whose DF packet no longer fits once
 * the 20-byte IPIP header is added. Without it path-MTU discovery blackholes the connection.
 *
 * <p>Whether to send one is the caller's policy (RFC 1122 3.2.2: never about an ICMP error, a
 * non-first fragment, or a broadcast/multicast source; and rate-limit). out must not overlap the
 * offending packet.
 */
public final class IcmpFragmentationNeeded {
    /** IP precedence "internetwork control", the TOS Linux gives its ICMP errors. */
    public static final int TOS = 0xc0;
    public static final int TTL = 64;
    /** RFC 792: the offending header plus the first 64 bits of its data. */
    public static final int QUOTED_PAYLOAD = 8;

    private IcmpFragmentationNeeded() {}

    /**
     * Writes Ethernet + IPv4 (fromIp to the offending packet's source, TTL 64, protocol 1, no DF) +
     * ICMP 3/4 with nextHopMtu in bytes 6-7, quoting the offending IP header and up to 8 bytes of its
     * payload; both checksums computed. Pass the offending total length (not the captured length) as
     * offendingIpLen. Returns the frame length: 14 + 20 + 8 + quote (at most 110 with IP options).
     */
    public static int write(byte[] out, int off, long dstMac, long srcMac, int fromIp, byte[] offending,
                            int offendingIpOff, int offendingIpLen, int nextHopMtu, int identification) {
        int quoted = Math.min(offendingIpLen, ((Bytes.u8(offending, offendingIpOff) & 0x0f) << 2) + QUOTED_PAYLOAD);
        int to = Bytes.i32(offending, offendingIpOff + 12);
        int ip = off + EthernetFrame.HEADER_LENGTH;
        int icmp = ip + Ipv4Packet.MIN_HEADER_LENGTH;
        int icmpLength = IcmpMessage.HEADER_LENGTH + quoted;

        System.arraycopy(offending, offendingIpOff, out, icmp + IcmpMessage.HEADER_LENGTH, quoted);
        out[icmp] = (byte) IcmpMessage.TYPE_DESTINATION_UNREACHABLE;
        out[icmp + 1] = (byte) IcmpMessage.CODE_FRAGMENTATION_NEEDED;
        Bytes.put16(out, icmp + 2, 0);
        Bytes.put16(out, icmp + 4, 0); // unused
        Bytes.put16(out, icmp + 6, nextHopMtu);
        Bytes.put16(out, icmp + 2, Checksum.compute(out, icmp, icmpLength));

        EthernetFrame.writeHeader(out, off, dstMac, srcMac, EthernetFrame.TYPE_IPV4);
        Ipv4Packet.writeHeader(out, ip, TOS, Ipv4Packet.MIN_HEADER_LENGTH + icmpLength, identification, 0, TTL,
                Ipv4Packet.PROTO_ICMP, fromIp, to);
        return icmp + icmpLength - off;
    }
}
