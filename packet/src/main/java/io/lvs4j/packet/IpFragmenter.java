package io.lvs4j.packet;

/**
 * Splits an IPv4 datagram into fragments that fit an MTU (RFC 791), one fragment per call, into a
 * caller's buffer: {@code for (i < fragmentCount) writeFragment(i, ...)}. Nothing is allocated.
 *
 * <p>Simplification: the datagram must have a header without options (IHL 5), which is what we
 * fragment (the outer IPIP header we wrote); RFC 791's per-option copy rules are therefore not needed.
 * A datagram that is itself a fragment is handled: offsets are added to its offset and its MF
 * is kept on the last piece. Fragments of a DF datagram are refused; the caller owes the sender
 * an ICMP fragmentation-needed instead ({@link IcmpFragmentationNeeded}).
 *
 * <p>Only the IP datagram is written; put the Ethernet header in front yourself
 * ({@link EthernetFrame#writeHeader}, then write the fragment at +14). out must not overlap the
 * datagram: fragment i would overwrite the payload of fragment i+1.
 */
public final class IpFragmenter {
    /** RFC 791: every host must accept 68-byte datagrams; smaller MTUs do not exist on IPv4 links. */
    public static final int MIN_MTU = 68;

    private IpFragmenter() {}

    /** Bytes of payload per fragment except the last: the room after the header, rounded down to 8. */
    public static int maxFragmentPayload(int mtu) {
        if (mtu < MIN_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " is below the IPv4 minimum of " + MIN_MTU);
        }
        return (Math.min(mtu, 0xffff) - Ipv4Packet.MIN_HEADER_LENGTH) & ~7;
    }

    /** How many fragments the datagram at ipOff needs for mtu; 1 when it fits (then nothing is split). */
    public static int fragmentCount(byte[] ip, int ipOff, int mtu) {
        checkHeader(ip, ipOff);
        int total = Bytes.u16(ip, ipOff + 2);
        if (total <= mtu) {
            return 1;
        }
        if ((Bytes.u16(ip, ipOff + 6) & Ipv4Packet.FLAG_DF) != 0) {
            throw new IllegalArgumentException("datagram of " + total + " bytes has DF set and exceeds MTU " + mtu
                    + ": send ICMP fragmentation-needed instead of fragmenting");
        }
        int payload = total - Ipv4Packet.MIN_HEADER_LENGTH;
        int per = maxFragmentPayload(mtu);
        return (payload + per - 1) / per;
    }

    /**
     * Writes fragment {@code index} (0-based, below {@link #fragmentCount}) of the datagram at ipOff to
     * out at outOff: the original header with total length, MF, offset and checksum adjusted (DF
     * cleared), then its slice of the payload. Returns the fragment's length (at most mtu).
     */
    public static int writeFragment(byte[] ip, int ipOff, int mtu, int index, byte[] out, int outOff) {
        int count = fragmentCount(ip, ipOff, mtu);
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("fragment " + index + " of " + count);
        }
        int total = Bytes.u16(ip, ipOff + 2);
        if (count == 1) {
            System.arraycopy(ip, ipOff, out, outOff, total);
            return total;
        }
        int hl = Ipv4Packet.MIN_HEADER_LENGTH;
        int payload = total - hl;
        int per = maxFragmentPayload(mtu);
        int start = index * per;
        int dataLen = Math.min(per, payload - start);
        int original = Bytes.u16(ip, ipOff + 6);
        boolean last = index == count - 1;
        int mf = last ? original & Ipv4Packet.FLAG_MF : Ipv4Packet.FLAG_MF;
        int offsetUnits = (original & Ipv4Packet.OFFSET_MASK) + (start >>> 3);

        System.arraycopy(ip, ipOff + hl + start, out, outOff + hl, dataLen);
        System.arraycopy(ip, ipOff, out, outOff, hl);
        Bytes.put16(out, outOff + 2, hl + dataLen);
        Bytes.put16(out, outOff + 6, mf | offsetUnits);
        Bytes.put16(out, outOff + 10, 0);
        Bytes.put16(out, outOff + 10, Checksum.compute(out, outOff, hl));
        return hl + dataLen;
    }

    private static void checkHeader(byte[] ip, int ipOff) {
        int versionIhl = Bytes.u8(ip, ipOff);
        if (versionIhl != 0x45) {
            throw new IllegalArgumentException(String.format(
                    "can only fragment IPv4 without options (first byte 0x45), got 0x%02x", versionIhl));
        }
    }
}
