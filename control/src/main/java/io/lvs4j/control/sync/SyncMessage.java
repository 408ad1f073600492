package io.lvs4j.control.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's sync message, version 1 (net/netfilter/ipvs/ip_vs_sync.c), big-endian:
 * <pre>
 * header (struct ip_vs_sync_mesg, 8 bytes): reserved=0 u8, syncid u8, size be16 (whole datagram),
 *        nr_conns u8, version=1 s8, spare=0 be16
 * entry  (struct ip_vs_sync_v4, 36 bytes): type=0 u8, protocol u8, ver_size be16 (version in the top
 *        4 bits = 0, entry size in the low 12), flags be32, state be16, cport be16, vport be16,
 *        dport be16, fwmark be32, timeout be32 (seconds), caddr be32, vaddr be32, daddr be32,
 *        then options (type u8, length u8, data); the next entry starts 32-bit aligned.
 * </pre>
 * A backup drops a whole datagram that is shorter than its header, whose size field is not its
 * length, whose syncid is not the one configured (0 takes any), whose version is not 1, or whose
 * entries do not parse; lvs4j counts each reason ({@link Verdict}). It applies nothing of a bad
 * datagram (the kernel applies the entries before the first bad one). IPv6 entries, unknown
 * protocols and states and optional parameters are skipped, as a kernel without IPv6 does.
 */
public final class SyncMessage {
    public static final int HEADER_LENGTH = 8;
    public static final int ENTRY_LENGTH = 36;
    public static final int VERSION = 1;
    /** A datagram holds at most 255 entries (nr_conns is one byte). */
    public static final int MAX_ENTRIES = 255;
    /** The kernel's smallest message it would accept (ip_vs_sync_mesg_v0: 4 bytes). */
    static final int MIN_LENGTH = 4;

    /** IP_VS_CONN_F_* bits that lvs4j sends or reads. */
    public static final int F_TUNNEL = 0x0002;
    public static final int F_DROUTE = 0x0003;
    public static final int F_FWD_MASK = 0x0007;
    public static final int F_INACTIVE = 0x0100;
    public static final int F_TEMPLATE = 0x1000;

    static final int TYPE_F_INET6 = 0x01;
    static final int OPT_SEQ_DATA = 1;
    static final int OPT_PE_DATA = 2;
    static final int OPT_PE_NAME = 3;
    static final int OPT_F_PARAM = 0x40;
    static final int SEQ_DATA_LENGTH = 24;
    static final int PE_DATA_MAX = 255;
    static final int PE_NAME_MAX = 16;
    private static final int TCP_STATES = 11;

    /** Why a datagram was dropped, or OK. */
    public enum Verdict { OK, TRUNCATED, BAD_SIZE, WRONG_SYNCID, BAD_VERSION, MALFORMED }

    private SyncMessage() {
    }

    /** How many plain entries fit a datagram of {@code maxLength} bytes (at least one, at most 255). */
    public static int capacity(int maxLength) {
        return Math.max(1, Math.min(MAX_ENTRIES, (maxLength - HEADER_LENGTH) / ENTRY_LENGTH));
    }

    /**
     * Writes a message of {@code count} entries from {@code entries[from]} into {@code out}.
     *
     * @return the datagram's length
     */
    public static int encode(int syncid, List<SyncEntry> entries, int from, int count, byte[] out) {
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IllegalArgumentException("a sync message holds 0.." + MAX_ENTRIES + " entries, not " + count);
        }
        int length = HEADER_LENGTH + count * ENTRY_LENGTH;
        out[0] = 0;
        out[1] = (byte) syncid;
        put16(out, 2, length);
        out[4] = (byte) count;
        out[5] = VERSION;
        put16(out, 6, 0);
        int p = HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            SyncEntry e = entries.get(from + i);
            out[p] = 0;
            out[p + 1] = (byte) e.protocol();
            put16(out, p + 2, ENTRY_LENGTH); // version 0, size 36
            put32(out, p + 4, e.flags());
            put16(out, p + 8, e.state());
            put16(out, p + 10, e.clientPort());
            put16(out, p + 12, e.virtualPort());
            put16(out, p + 14, e.serverPort());
            put32(out, p + 16, e.fwmark());
            put32(out, p + 20, e.timeoutSeconds());
            put32(out, p + 24, e.clientAddress());
            put32(out, p + 28, e.virtualAddress());
            put32(out, p + 32, e.serverAddress());
            p += ENTRY_LENGTH;
        }
        return length;
    }

    /**
     * Reads a datagram of {@code length} bytes; on {@link Verdict#OK} its IPv4 TCP/UDP entries are
     * added to {@code into}, otherwise nothing is.
     *
     * @param syncid the backup's syncid; 0 accepts every syncid (as the kernel does)
     */
    public static Verdict decode(byte[] buf, int length, int syncid, List<SyncEntry> into) {
        if (length < MIN_LENGTH || length < HEADER_LENGTH) {
            return Verdict.TRUNCATED;
        }
        if (length != get16(buf, 2)) {
            return Verdict.BAD_SIZE;
        }
        if (syncid != 0 && (buf[1] & 0xFF) != syncid) {
            return Verdict.WRONG_SYNCID;
        }
        if (buf[5] != VERSION || buf[0] != 0 || get16(buf, 6) != 0) {
            return Verdict.BAD_VERSION; // version 0 (the old format) is not spoken
        }
        int count = buf[4] & 0xFF;
        List<SyncEntry> read = new ArrayList<>(count);
        int next = HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            int p = next;
            if (p + ENTRY_LENGTH > length) {
                return Verdict.TRUNCATED;
            }
            int verSize = get16(buf, p + 2);
            int size = verSize & 0x0FFF;
            int end = p + size;
            if (end > length) {
                return Verdict.TRUNCATED;
            }
            if (verSize >>> 12 != 0) {
                return Verdict.BAD_VERSION;
            }
            if (!readEntry(buf, p, end, read)) {
                return Verdict.MALFORMED;
            }
            next = p + ((size + 3) & ~3);
        }
        into.addAll(read);
        return Verdict.OK;
    }

    /** One entry and its options; false when it is malformed (the datagram is dropped). */
    private static boolean readEntry(byte[] buf, int p, int end, List<SyncEntry> read) {
        int type = buf[p] & 0xFF;
        boolean inet6 = (type & TYPE_F_INET6) != 0;
        if (!inet6 && type != 0 || p + ENTRY_LENGTH > end) {
            return false;
        }
        if (inet6) {
            return true; // no IPv6 here: skipped, as by a kernel without CONFIG_IP_VS_IPV6
        }
        int seen = 0;
        for (int o = p + ENTRY_LENGTH; o < end; ) {
            if (o + 2 > end) {
                return false;
            }
            int optType = buf[o] & 0xFF;
            int optLength = buf[o + 1] & 0xFF;
            o += 2;
            if (optLength == 0 || o + optLength > end) {
                return false;
            }
            int kind = optType & ~OPT_F_PARAM;
            int bit = kind >= 1 && kind <= 3 ? 1 << (kind - 1) : 0;
            if (bit != 0 && (seen & bit) != 0) {
                return false; // an option found twice
            }
            seen |= bit;
            if (kind == OPT_SEQ_DATA && optLength != SEQ_DATA_LENGTH
                    || kind == OPT_PE_DATA && optLength > PE_DATA_MAX
                    || kind == OPT_PE_NAME && optLength > PE_NAME_MAX) {
                return false;
            }
            if (bit == 0 && (optType & OPT_F_PARAM) == 0) {
                return true; // an unknown mandatory parameter: this entry only is skipped (retc 20)
            }
            o += optLength;
        }
        int protocol = buf[p + 1] & 0xFF;
        int flags = get32(buf, p + 4);
        int state = get16(buf, p + 8);
        boolean template = (flags & F_TEMPLATE) != 0;
        if (protocol != 6 && protocol != 17 || !template && state >= (protocol == 6 ? TCP_STATES : 1)) {
            return true; // unsupported protocol or state: skipped (retc 30, 40)
        }
        read.add(new SyncEntry(protocol, flags, state, get16(buf, p + 10), get16(buf, p + 12), get16(buf, p + 14),
                get32(buf, p + 16), get32(buf, p + 20), get32(buf, p + 24), get32(buf, p + 28), get32(buf, p + 32)));
        return true;
    }

    static int get16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
    }

    static int get32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }

    private static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    private static void put32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
