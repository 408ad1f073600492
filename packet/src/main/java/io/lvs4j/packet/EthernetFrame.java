package io.lvs4j.packet;

/**
 * Flyweight view of an Ethernet II frame, with at most one 802.1Q / 802.1ad tag.
 * Accessors read in place and are meaningful only when {@link #valid()} is true; they do not
 * re-check lengths (they run per packet). A double-tagged (QinQ) frame reports the inner TPID
 * 0x8100 as its {@link #etherType()}, so it is simply not IPv4/ARP to the caller.
 */
public final class EthernetFrame extends Flyweight {
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;
    /** 802.1ad service tag; treated like one 802.1Q tag. */
    public static final int TYPE_QINQ = 0x88a8;
    public static final int HEADER_LENGTH = 14;
    public static final int VLAN_HEADER_LENGTH = 18;

    public EthernetFrame wrap(byte[] buf, int off, int len) {
        set(buf, off, len);
        return this;
    }

    public boolean valid() {
        return spans(HEADER_LENGTH) && len >= headerLength();
    }

    public long destination() {
        return MacAddress.read(buf, off);
    }

    public long source() {
        return MacAddress.read(buf, off + 6);
    }

    public boolean hasVlanTag() {
        int tpid = Bytes.u16(buf, off + 12);
        return tpid == TYPE_VLAN || tpid == TYPE_QINQ;
    }

    /** The 12-bit VLAN id of the tag, or 0 when untagged (0 also means "priority tag only"). */
    public int vlanId() {
        return hasVlanTag() ? Bytes.u16(buf, off + 14) & 0x0fff : 0;
    }

    /** The EtherType after the optional tag. */
    public int etherType() {
        return Bytes.u16(buf, off + (hasVlanTag() ? 16 : 12));
    }

    /** 14, or 18 with a tag. */
    public int headerLength() {
        return hasVlanTag() ? VLAN_HEADER_LENGTH : HEADER_LENGTH;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength();
    }

    /** Bytes after the header, Ethernet padding included (the IPv4 total length tells the real size). */
    public int payloadLength() {
        return len - headerLength();
    }

    /** Writes an untagged header (destination, source, type) at off; returns 14. */
    public static int writeHeader(byte[] out, int off, long destination, long source, int etherType) {
        MacAddress.write(out, off, destination);
        MacAddress.write(out, off + 6, source);
        Bytes.put16(out, off + 12, etherType);
        return HEADER_LENGTH;
    }
}
