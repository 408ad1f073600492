package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The incremental NAT rewrite against packets built from scratch with the rewritten addresses and
 * ports, their checksums computed in full (RFC 1071 over pseudo-header and segment).
 */
class NatRewriteTest {
    static final int CLIENT = Ipv4Address.parse("203.0.113.7");
    static final int VIP = Ipv4Address.parse("198.51.100.10");
    static final int RIP = Ipv4Address.parse("10.0.1.11");

    /** An IPv4 packet (no options) with a TCP or UDP segment and its full checksums. */
    static byte[] packet(int protocol, int src, int sport, int dst, int dport, String payload, int ttl) {
        byte[] data = payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int l4Header = protocol == Ipv4Packet.PROTO_TCP ? 20 : 8;
        int l4Length = l4Header + data.length;
        byte[] b = new byte[20 + l4Length];
        Ipv4Packet.writeHeader(b, 0, 0, b.length, 0x1234, Ipv4Packet.FLAG_DF, ttl, protocol, src, dst);
        Bytes.put16(b, 20, sport);
        Bytes.put16(b, 22, dport);
        if (protocol == Ipv4Packet.PROTO_TCP) {
            Bytes.put32(b, 24, 0x01020304);
            Bytes.put32(b, 28, 0x0a0b0c0d);
            b[32] = 0x50;
            b[33] = TcpSegment.ACK | TcpSegment.PSH;
            Bytes.put16(b, 34, 64240);
        } else {
            Bytes.put16(b, 24, l4Length);
        }
        System.arraycopy(data, 0, b, 20 + l4Header, data.length);
        int checksumAt = 20 + (protocol == Ipv4Packet.PROTO_TCP ? 16 : 6);
        int full = fullChecksum(b, protocol, src, dst, l4Length);
        Bytes.put16(b, checksumAt, protocol == Ipv4Packet.PROTO_UDP && full == 0 ? 0xffff : full);
        return b;
    }

    static int fullChecksum(byte[] b, int protocol, int src, int dst, int l4Length) {
        byte[] pseudo = new byte[12];
        Bytes.put32(pseudo, 0, src);
        Bytes.put32(pseudo, 4, dst);
        pseudo[9] = (byte) protocol;
        Bytes.put16(pseudo, 10, l4Length);
        return Checksum.finish(Checksum.sum(b, 20, l4Length, Checksum.sum(pseudo, 0, 12, 0)));
    }

    @Test
    void tcpToServerMatchesAFreshPacket() {
        byte[] in = packet(Ipv4Packet.PROTO_TCP, CLIENT, 40000, VIP, 80, "GET / HTTP/1.0\r\n\r\n", 64);
        NatRewrite.destination(in, 0, RIP, 8080);
        assertArrayEquals(packet(Ipv4Packet.PROTO_TCP, CLIENT, 40000, RIP, 8080, "GET / HTTP/1.0\r\n\r\n", 64), in);
        assertTrue(new Ipv4Packet().wrap(in, 0, in.length).headerChecksumValid());
    }

    @Test
    void tcpReplyMatchesAFreshPacket() {
        byte[] reply = packet(Ipv4Packet.PROTO_TCP, RIP, 8080, CLIENT, 40000, "HTTP/1.0 200 OK\r\n\r\nhello", 64);
        NatRewrite.source(reply, 0, VIP, 80);
        NatRewrite.decrementTtl(reply, 0);
        assertArrayEquals(packet(Ipv4Packet.PROTO_TCP, VIP, 80, CLIENT, 40000, "HTTP/1.0 200 OK\r\n\r\nhello", 63), reply);
    }

    @Test
    void udpBothWaysWithOddPayload() {
        byte[] query = packet(Ipv4Packet.PROTO_UDP, CLIENT, 5353, VIP, 53, "odd", 64);
        NatRewrite.destination(query, 0, RIP, 5300);
        assertArrayEquals(packet(Ipv4Packet.PROTO_UDP, CLIENT, 5353, RIP, 5300, "odd", 64), query);
        byte[] answer = packet(Ipv4Packet.PROTO_UDP, RIP, 5300, CLIENT, 5353, "answer!", 64);
        NatRewrite.source(answer, 0, VIP, 53);
        assertArrayEquals(packet(Ipv4Packet.PROTO_UDP, VIP, 53, CLIENT, 5353, "answer!", 64), answer);
    }

    @Test
    void udpWithoutChecksumKeepsNone() {
        byte[] query = packet(Ipv4Packet.PROTO_UDP, CLIENT, 5353, VIP, 53, "q", 64);
        Bytes.put16(query, 26, 0);
        NatRewrite.destination(query, 0, RIP, 53);
        assertEquals(0, Bytes.u16(query, 26));
        assertEquals(RIP, Bytes.i32(query, 16));
        assertTrue(new Ipv4Packet().wrap(query, 0, query.length).headerChecksumValid());
    }

    @Test
    void icmpPortUnreachableFromServerQuotesTheVip() {
        // The server got client:5353 → RIP:5300 and answers port unreachable, quoting it.
        byte[] quoted = packet(Ipv4Packet.PROTO_UDP, CLIENT, 5353, RIP, 5300, "q", 63);
        byte[] icmp = icmpError(RIP, quoted);
        NatRewrite.icmpErrorFromServer(icmp, 0, icmp.length - 20, VIP, 53);
        // What the client must see: from the VIP, quoting client → VIP:53 with a valid header.
        byte[] expectedQuote = packet(Ipv4Packet.PROTO_UDP, CLIENT, 5353, VIP, 53, "q", 63);
        Bytes.put16(expectedQuote, 26, Bytes.u16(quoted, 26)); // the quoted UDP checksum is left alone, as IPVS does
        assertArrayEquals(icmpError(VIP, expectedQuote), icmp);
        assertTrue(Checksum.verify(icmp, 20, icmp.length - 20));
        assertTrue(Checksum.verify(icmp, 28, 20));
    }

    @Test
    void fragmentationNeededFromTheClientQuotesTheServer() {
        // A reply VIP:80 → client:40000 drew "fragmentation needed" from the client's side.
        byte[] quoted = packet(Ipv4Packet.PROTO_TCP, VIP, 80, CLIENT, 40000, "0123456789", 63);
        byte[] icmp = icmpError(CLIENT, VIP, 4, quoted);
        NatRewrite.icmpErrorToServer(icmp, 0, icmp.length - 20, RIP, 8080);
        byte[] expectedQuote = packet(Ipv4Packet.PROTO_TCP, RIP, 8080, CLIENT, 40000, "0123456789", 63);
        Bytes.put16(expectedQuote, 36, Bytes.u16(quoted, 36)); // the quoted TCP checksum is left alone
        assertArrayEquals(icmpError(CLIENT, RIP, 4, expectedQuote), icmp);
        assertTrue(Checksum.verify(icmp, 20, icmp.length - 20));
    }

    static byte[] icmpError(int from, byte[] quoted) {
        return icmpError(from, CLIENT, 3, quoted);
    }

    static byte[] icmpError(int from, int to, int code, byte[] quoted) {
        byte[] b = new byte[20 + 8 + quoted.length];
        Ipv4Packet.writeHeader(b, 0, 0xc0, b.length, 7, 0, 64, Ipv4Packet.PROTO_ICMP, from, to);
        b[20] = IcmpMessage.TYPE_DESTINATION_UNREACHABLE;
        b[21] = (byte) code; // 3 port unreachable, 4 fragmentation needed
        System.arraycopy(quoted, 0, b, 28, quoted.length);
        Bytes.put16(b, 22, Checksum.compute(b, 20, b.length - 20));
        return b;
    }
}
