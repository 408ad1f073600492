package io.lvs4j.cli.replay;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A crafted capture as the director's NIC would see it: TCP segments from clients (through their
 * router's MAC) to VIP:80, and ARP. Frames are built byte by byte here, IP and TCP checksums
 * included, so the files also open cleanly in tcpdump or Wireshark.
 */
final class Traffic {
    /** 2023-11-14 22:13:20 UTC: the capture's first second. */
    static final long T0 = 1_700_000_000L;
    static final String VIP = "10.0.0.100";
    static final String ROUTER_MAC = "02:00:00:00:00:fe";
    /** Where the capture's frames were addressed (the director the capture was taken for). */
    static final String CAPTURED_DIRECTOR_MAC = "52:54:00:00:00:0a";

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    private final List<Pcap.Record> records = new ArrayList<>();
    private long micros;
    private String destinationMac = CAPTURED_DIRECTOR_MAC;

    /** Capture time of the next frames: T0 + {@code seconds} (µs resolution). */
    Traffic at(double seconds) {
        micros = Math.round(seconds * 1_000_000);
        return this;
    }

    /** The destination MAC of the following client frames. */
    Traffic to(String mac) {
        destinationMac = mac;
        return this;
    }

    Traffic syn(String client, int port) {
        return tcp(client, port, SYN);
    }

    Traffic ack(String client, int port) {
        return tcp(client, port, ACK);
    }

    Traffic finAck(String client, int port) {
        return tcp(client, port, FIN | ACK);
    }

    Traffic rst(String client, int port) {
        return tcp(client, port, RST);
    }

    /** SYN then, 1 ms later, ACK (the client's side of a handshake); the clock moves on by 1 ms. */
    Traffic handshake(String client, int port) {
        syn(client, port);
        micros += 1000;
        return ack(client, port);
    }

    /** A 40-byte TCP segment (no options, no data) client:port → VIP:80. */
    Traffic tcp(String client, int port, int flags) {
        return segment(client, port, flags, 40, true);
    }

    /** An ACK client:port → VIP:80 of {@code totalLength} IP bytes (zero data), with or without DF. */
    Traffic data(String client, int port, int totalLength, boolean dontFragment) {
        return segment(client, port, ACK, totalLength, dontFragment);
    }

    private Traffic segment(String client, int port, int flags, int totalLength, boolean dontFragment) {
        byte[] f = new byte[14 + totalLength];
        ethernet(f, mac(destinationMac), mac(ROUTER_MAC), 0x0800);
        int ip = 14;
        f[ip] = 0x45;
        put16(f, ip + 2, totalLength);
        put16(f, ip + 4, records.size() & 0xffff);
        put16(f, ip + 6, dontFragment ? 0x4000 : 0);
        f[ip + 8] = 64;
        f[ip + 9] = 6;
        put32(f, ip + 12, ip(client));
        put32(f, ip + 16, ip(VIP));
        put16(f, ip + 10, checksum(f, ip, 20, 0));
        int t = ip + 20;
        put16(f, t, port);
        put16(f, t + 2, 80);
        put32(f, t + 4, 1000 + port); // sequence number
        put32(f, t + 8, (flags & ACK) != 0 ? 1 : 0);
        f[t + 12] = 0x50;
        f[t + 13] = (byte) flags;
        put16(f, t + 14, 64240);
        int pseudo = sum(f, ip + 12, 8, 0) + 6 + totalLength - 20;
        put16(f, t + 16, checksum(f, t, totalLength - 20, pseudo));
        return add(f);
    }

    /** Broadcast "who-has target tell sender". */
    Traffic arpRequest(String senderMac, String senderIp, String targetIp) {
        return arp(0xffff_ffff_ffffL, 1, mac(senderMac), senderIp, 0, targetIp);
    }

    /** "sender is-at senderMac", unicast to targetMac (a real server answering the director). */
    Traffic arpReply(String senderMac, String senderIp, String targetMac, String targetIp) {
        return arp(mac(targetMac), 2, mac(senderMac), senderIp, mac(targetMac), targetIp);
    }

    private Traffic arp(long ethDst, int op, long senderMac, String senderIp, long targetMac, String targetIp) {
        byte[] f = new byte[60]; // padded to Ethernet's minimum, as on the wire
        ethernet(f, ethDst, senderMac, 0x0806);
        put16(f, 14, 1);
        put16(f, 16, 0x0800);
        f[18] = 6;
        f[19] = 4;
        put16(f, 20, op);
        putMac(f, 22, senderMac);
        put32(f, 28, ip(senderIp));
        putMac(f, 32, targetMac);
        put32(f, 38, ip(targetIp));
        return add(f);
    }

    private Traffic add(byte[] frame) {
        records.add(new Pcap.Record(T0 + micros / 1_000_000, (int) (micros % 1_000_000), frame));
        return this;
    }

    List<Pcap.Record> records() {
        return records;
    }

    /** Writes the capture as tcpdump does on x86: little-endian, microseconds, Ethernet. */
    Path write(Path file) throws IOException {
        Pcap.write(file, records, ByteOrder.LITTLE_ENDIAN, false, 1);
        return file;
    }

    // ---- bytes ----

    static long mac(String s) {
        return Long.parseLong(s.replace(":", ""), 16);
    }

    static int ip(String s) {
        String[] p = s.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
                | Integer.parseInt(p[3]);
    }

    static String ipText(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
    }

    static String macText(long mac) {
        StringBuilder sb = new StringBuilder();
        for (int i = 5; i >= 0; i--) {
            sb.append(String.format("%02x", mac >>> (8 * i) & 0xff)).append(i > 0 ? ":" : "");
        }
        return sb.toString();
    }

    private static void ethernet(byte[] f, long dst, long src, int type) {
        putMac(f, 0, dst);
        putMac(f, 6, src);
        put16(f, 12, type);
    }

    static void putMac(byte[] b, int off, long mac) {
        for (int i = 0; i < 6; i++) {
            b[off + i] = (byte) (mac >>> (40 - 8 * i));
        }
    }

    static long getMac(byte[] b, int off) {
        long m = 0;
        for (int i = 0; i < 6; i++) {
            m = m << 8 | (b[off + i] & 0xff);
        }
        return m;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }

    static int get16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int get32(byte[] b, int off) {
        return get16(b, off) << 16 | get16(b, off + 2);
    }

    /** RFC 1071 sum of 16-bit words, not yet folded. */
    private static int sum(byte[] b, int off, int len, int initial) {
        int s = initial;
        for (int i = 0; i < len; i += 2) {
            s += get16(b, off + i);
        }
        return s;
    }

    private static int checksum(byte[] b, int off, int len, int initial) {
        int s = sum(b, off, len, initial);
        while (s >>> 16 != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return ~s & 0xffff;
    }
}
