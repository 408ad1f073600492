package io.lvs4j.forwarder;

import io.lvs4j.packet.Checksum;
import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.Ipv4Packet;
import io.lvs4j.packet.MacAddress;
import java.nio.ByteBuffer;

/** Hand-built Ethernet/IPv4/TCP|UDP|ICMP frames with full checksums, and checks of them, for the NAT tests. */
final class NatFrames {
    private NatFrames() {}

    static byte[] tcp(long dstMac, long srcMac, int src, int sport, int dst, int dport, int flags, int ttl) {
        return l4(dstMac, srcMac, Ipv4Packet.PROTO_TCP, src, sport, dst, dport, flags, ttl, "payload");
    }

    /** A TCP segment with {@code payloadBytes} bytes of data. */
    static byte[] tcpWithData(long dstMac, long srcMac, int src, int sport, int dst, int dport, int flags,
                              int payloadBytes) {
        return l4(dstMac, srcMac, Ipv4Packet.PROTO_TCP, src, sport, dst, dport, flags, 64, "x".repeat(payloadBytes));
    }

    static byte[] udp(long dstMac, long srcMac, int src, int sport, int dst, int dport, int ttl) {
        return l4(dstMac, srcMac, Ipv4Packet.PROTO_UDP, src, sport, dst, dport, 0, ttl, "query");
    }

    private static byte[] l4(long dstMac, long srcMac, int protocol, int src, int sport, int dst, int dport,
                             int flags, int ttl, String payload) {
        int header = protocol == Ipv4Packet.PROTO_TCP ? 20 : 8;
        int l4Length = header + payload.length();
        byte[] f = new byte[14 + 20 + l4Length];
        EthernetFrame.writeHeader(f, 0, dstMac, srcMac, EthernetFrame.TYPE_IPV4);
        Ipv4Packet.writeHeader(f, 14, 0, 20 + l4Length, 7, Ipv4Packet.FLAG_DF, ttl, protocol, src, dst);
        ByteBuffer b = ByteBuffer.wrap(f, 34, l4Length);
        b.putShort((short) sport).putShort((short) dport);
        if (protocol == Ipv4Packet.PROTO_TCP) {
            b.putInt(1000).putInt(2000).put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0);
        } else {
            b.putShort((short) l4Length).putShort((short) 0);
        }
        b.put(payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int at = 34 + (protocol == Ipv4Packet.PROTO_TCP ? 16 : 6);
        int sum = Checksum.finish(Checksum.sum(f, 34, l4Length, pseudo(f)));
        f[at] = (byte) (sum >> 8);
        f[at + 1] = (byte) sum;
        return f;
    }

    /** An ICMP error from {@code from} to {@code to} quoting {@code quotedFrame}'s IP packet (all of it). */
    static byte[] icmpError(long dstMac, long srcMac, int from, int to, int type, int code, byte[] quotedFrame) {
        int quoted = quotedFrame.length - 14;
        byte[] f = new byte[14 + 20 + 8 + quoted];
        EthernetFrame.writeHeader(f, 0, dstMac, srcMac, EthernetFrame.TYPE_IPV4);
        Ipv4Packet.writeHeader(f, 14, 0xc0, 28 + quoted, 9, 0, 64, Ipv4Packet.PROTO_ICMP, from, to);
        f[34] = (byte) type;
        f[35] = (byte) code;
        System.arraycopy(quotedFrame, 14, f, 42, quoted);
        int sum = Checksum.compute(f, 34, 8 + quoted);
        f[36] = (byte) (sum >> 8);
        f[37] = (byte) sum;
        return f;
    }

    /** The partial sum of the TCP/UDP pseudo-header of the untagged frame's IP packet. */
    private static int pseudo(byte[] f) {
        Ipv4Packet ip = new Ipv4Packet().wrap(f, 14, f.length - 14);
        byte[] p = new byte[12];
        ByteBuffer.wrap(p).putInt(ip.source()).putInt(ip.destination()).put((byte) 0).put((byte) ip.protocol())
                .putShort((short) ip.payloadLength());
        return Checksum.sum(p, 0, 12, 0);
    }

    /** IP header and TCP/UDP checksums verify from scratch. */
    static boolean checksumsValid(byte[] f) {
        Ipv4Packet ip = new Ipv4Packet().wrap(f, 14, f.length - 14);
        if (!ip.headerChecksumValid()) {
            return false;
        }
        if (ip.protocol() == Ipv4Packet.PROTO_ICMP) {
            return Checksum.verify(f, ip.payloadOffset(), ip.payloadLength());
        }
        return Checksum.sum(f, ip.payloadOffset(), ip.payloadLength(), pseudo(f)) == 0xffff;
    }

    static long dstMac(byte[] f) {
        return MacAddress.read(f, 0);
    }

    static long srcMac(byte[] f) {
        return MacAddress.read(f, 6);
    }

    static int ipSource(byte[] f) {
        return ByteBuffer.wrap(f).getInt(26);
    }

    static int ipDestination(byte[] f) {
        return ByteBuffer.wrap(f).getInt(30);
    }

    static int sourcePort(byte[] f) {
        return ByteBuffer.wrap(f).getShort(34) & 0xffff;
    }

    static int destinationPort(byte[] f) {
        return ByteBuffer.wrap(f).getShort(36) & 0xffff;
    }

    static int ttl(byte[] f) {
        return f[22] & 0xff;
    }
}
