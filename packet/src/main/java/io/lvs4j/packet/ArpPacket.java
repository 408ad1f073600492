package io.lvs4j.packet;

/** Flyweight view of an RFC 826 ARP packet for Ethernet/IPv4, wrapped at the Ethernet payload. */
public final class ArpPacket extends Flyweight {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    /** htype 2 + ptype 2 + hlen 1 + plen 1 + oper 2 + 2 * (6 + 4). */
    public static final int LENGTH = 28;
    static final int HTYPE_ETHERNET = 1;

    public ArpPacket wrap(byte[] buf, int off, int len) {
        set(buf, off, len);
        return this;
    }

    /** Ethernet hardware, IPv4 protocol addresses, and all 28 bytes present; other ARP flavours are not ours. */
    public boolean valid() {
        return spans(LENGTH)
                && Bytes.u16(buf, off) == HTYPE_ETHERNET
                && Bytes.u16(buf, off + 2) == EthernetFrame.TYPE_IPV4
                && Bytes.u8(buf, off + 4) == 6
                && Bytes.u8(buf, off + 5) == 4;
    }

    public int operation() {
        return Bytes.u16(buf, off + 6);
    }

    public long senderMac() {
        return MacAddress.read(buf, off + 8);
    }

    public int senderIp() {
        return Bytes.i32(buf, off + 14);
    }

    public long targetMac() {
        return MacAddress.read(buf, off + 18);
    }

    public int targetIp() {
        return Bytes.i32(buf, off + 24);
    }
}
