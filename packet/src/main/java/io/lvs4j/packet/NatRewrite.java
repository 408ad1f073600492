package io.lvs4j.packet;

/**
 * LVS-NAT's address and port rewrite, in place on an IPv4 packet carrying TCP or UDP (what
 * ip_vs_nat_xmit and the NAT reply path do): one address and one port change, and the IP header
 * checksum and the TCP/UDP checksum (whose pseudo-header holds the addresses) are updated
 * incrementally (RFC 1624), so the cost does not depend on the payload's size.
 *
 * <p>Only a packet whose transport header is present (not a non-first fragment) may be
 * rewritten; the caller checks. A UDP checksum of 0 means "none" and stays 0; a computed one that
 * comes out as 0 is sent as 0xffff (RFC 768).
 */
public final class NatRewrite {
    private static final int IP_CHECKSUM = 10;
    private static final int IP_SOURCE = 12;
    private static final int IP_DESTINATION = 16;
    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;

    private NatRewrite() {}

    /** Client → server: destination VIP:vport becomes RIP:rport (ip at {@code ipOff}). */
    public static void destination(byte[] b, int ipOff, int address, int port) {
        rewrite(b, ipOff, IP_DESTINATION, 2, address, port);
    }

    /** Server → client: source RIP:rport becomes VIP:vport (ip at {@code ipOff}). */
    public static void source(byte[] b, int ipOff, int address, int port) {
        rewrite(b, ipOff, IP_SOURCE, 0, address, port);
    }

    /** Decrements the TTL (a forwarded reply, as ip_forward does), updating the header checksum. */
    public static void decrementTtl(byte[] b, int ipOff) {
        int oldWord = Bytes.u16(b, ipOff + 8);
        int newWord = oldWord - 0x100;
        Bytes.put16(b, ipOff + 8, newWord);
        Bytes.put16(b, ipOff + IP_CHECKSUM, Checksum.update(Bytes.u16(b, ipOff + IP_CHECKSUM), oldWord, newWord));
    }

    private static void rewrite(byte[] b, int ipOff, int addressField, int portField, int address, int port) {
        int oldAddress = Bytes.i32(b, ipOff + addressField);
        Bytes.put32(b, ipOff + addressField, address);
        Bytes.put16(b, ipOff + IP_CHECKSUM, Checksum.update32(Bytes.u16(b, ipOff + IP_CHECKSUM), oldAddress, address));

        int l4 = ipOff + ((b[ipOff] & 0x0f) << 2);
        int protocol = b[ipOff + 9] & 0xff;
        int oldPort = Bytes.u16(b, l4 + portField);
        Bytes.put16(b, l4 + portField, port);
        if (protocol == Ipv4Packet.PROTO_TCP) {
            int sum = Bytes.u16(b, l4 + TCP_CHECKSUM);
            sum = Checksum.update32(sum, oldAddress, address);
            Bytes.put16(b, l4 + TCP_CHECKSUM, Checksum.update(sum, oldPort, port));
        } else if (protocol == Ipv4Packet.PROTO_UDP) {
            int sum = Bytes.u16(b, l4 + UDP_CHECKSUM);
            if (sum != 0) {
                sum = Checksum.update(Checksum.update32(sum, oldAddress, address), oldPort, port);
                Bytes.put16(b, l4 + UDP_CHECKSUM, sum == 0 ? 0xffff : sum);
            }
        }
    }

    /**
     * An ICMP error from a real server about a packet it received from the client (quoted inside:
     * client → RIP:rport): the outer source RIP and the quoted destination RIP:rport become
     * VIP:vport, the quoted IP header's checksum and the whole ICMP checksum are recomputed, as
     * ip_vs_nat_icmp does (the quoted TCP/UDP checksum is left alone, as there). {@code icmpLength}
     * is the ICMP message's length (the outer IP payload).
     */
    public static void icmpErrorFromServer(byte[] b, int ipOff, int icmpLength, int vip, int vport) {
        icmpError(b, ipOff, icmpLength, IP_SOURCE, IP_DESTINATION, 2, vip, vport);
    }

    /**
     * An ICMP error from the client about a reply (quoted: VIP:vport → client): the outer
     * destination VIP and the quoted source VIP:vport become RIP:rport, checksums as above.
     */
    public static void icmpErrorToServer(byte[] b, int ipOff, int icmpLength, int rip, int rport) {
        icmpError(b, ipOff, icmpLength, IP_DESTINATION, IP_SOURCE, 0, rip, rport);
    }

    private static void icmpError(byte[] b, int ipOff, int icmpLength, int outerField, int quotedField,
                                  int quotedPortField, int address, int port) {
        int oldOuter = Bytes.i32(b, ipOff + outerField);
        Bytes.put32(b, ipOff + outerField, address);
        Bytes.put16(b, ipOff + IP_CHECKSUM, Checksum.update32(Bytes.u16(b, ipOff + IP_CHECKSUM), oldOuter, address));

        int icmp = ipOff + ((b[ipOff] & 0x0f) << 2);
        int inner = icmp + IcmpMessage.HEADER_LENGTH;
        int innerHeader = (b[inner] & 0x0f) << 2;
        Bytes.put32(b, inner + quotedField, address);
        Bytes.put16(b, inner + IP_CHECKSUM, 0);
        Bytes.put16(b, inner + IP_CHECKSUM, Checksum.compute(b, inner, innerHeader));
        Bytes.put16(b, inner + innerHeader + quotedPortField, port);
        Bytes.put16(b, icmp + 2, 0);
        Bytes.put16(b, icmp + 2, Checksum.compute(b, icmp, icmpLength));
    }
}
