package io.lvs4j.packet;

/**
 * Writes complete 42-byte Ethernet+ARP frames into a caller's buffer. Every byte is written, so a
 * reused buffer needs no clearing; no padding to 60 bytes because the NIC/driver pads short frames.
 */
public final class ArpWriter {
    /** 14 + 28. */
    public static final int FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + ArpPacket.LENGTH;

    private ArpWriter() {}

    /** "ourIp is-at ourMac", unicast to the asker. */
    public static int reply(byte[] out, int off, long ourMac, int ourIp, long toMac, int toIp) {
        return frame(out, off, toMac, ourMac, ArpPacket.REPLY, ourIp, toMac, toIp);
    }

    /** Broadcast "who-has targetIp tell ourIp". */
    public static int request(byte[] out, int off, long ourMac, int ourIp, int targetIp) {
        return frame(out, off, MacAddress.BROADCAST, ourMac, ArpPacket.REQUEST, ourIp, MacAddress.ZERO, targetIp);
    }

    /**
     * Gratuitous ARP in the request form (sender IP = target IP = ip, target MAC zero), as
     * {@code arping -U} and keepalived send it: neighbours update an existing entry for ip.
     */
    public static int gratuitous(byte[] out, int off, long ourMac, int ip) {
        return request(out, off, ourMac, ip, ip);
    }

    private static int frame(byte[] out, int off, long ethDst, long ourMac, int op, int senderIp, long targetMac,
                             int targetIp) {
        int a = off + EthernetFrame.writeHeader(out, off, ethDst, ourMac, EthernetFrame.TYPE_ARP);
        Bytes.put16(out, a, ArpPacket.HTYPE_ETHERNET);
        Bytes.put16(out, a + 2, EthernetFrame.TYPE_IPV4);
        out[a + 4] = 6;
        out[a + 5] = 4;
        Bytes.put16(out, a + 6, op);
        MacAddress.write(out, a + 8, ourMac);
        Bytes.put32(out, a + 14, senderIp);
        MacAddress.write(out, a + 18, targetMac);
        Bytes.put32(out, a + 24, targetIp);
        return FRAME_LENGTH;
    }
}
