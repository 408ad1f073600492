package io.lvs4j.packet;

/**
 * MAC addresses as {@code long}: the low 48 bits in wire order, so 02:00:00:00:00:01 is
 * {@code 0x020000000001L}. A primitive keeps neighbour tables and the datapath free of objects.
 */
public final class MacAddress {
    /** ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xffff_ffff_ffffL;
    /** 00:00:00:00:00:00, the "unknown" target hardware address of ARP requests. */
    public static final long ZERO = 0L;
    /** Bytes on the wire. */
    public static final int LENGTH = 6;

    private static final String FORM = "six colon-separated hex pairs like 02:00:00:00:00:01";

    private MacAddress() {}

    public static long read(byte[] b, int off) {
        return (long) Bytes.u16(b, off) << 32 | (Bytes.i32(b, off + 2) & 0xffff_ffffL);
    }

    public static void write(byte[] b, int off, long mac) {
        Bytes.put16(b, off, (int) (mac >>> 32));
        Bytes.put32(b, off + 2, (int) mac);
    }

    /** The address held in exactly six bytes (e.g. from {@code NetworkInterface.getHardwareAddress()}). */
    public static long of(byte[] sixBytes) {
        if (sixBytes == null || sixBytes.length != 6) {
            throw new IllegalArgumentException("MAC address needs exactly 6 bytes, got "
                    + (sixBytes == null ? "null" : sixBytes.length + " bytes"));
        }
        return read(sixBytes, 0);
    }

    /** Parses aa:bb:cc:dd:ee:ff (either case). Other spellings are refused to keep configs unambiguous. */
    public static long parse(String s) {
        if (s == null || s.length() != 17) {
            throw bad(s);
        }
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            int p = i * 3;
            if (i > 0 && s.charAt(p - 1) != ':') {
                throw bad(s);
            }
            int hi = Character.digit(s.charAt(p), 16);
            int lo = Character.digit(s.charAt(p + 1), 16);
            if (hi < 0 || lo < 0) {
                throw bad(s);
            }
            mac = mac << 8 | hi << 4 | lo;
        }
        return mac;
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("invalid MAC address '" + s + "': expected " + FORM);
    }

    /** Lowercase colon form; for logs and control output, never the datapath. */
    public static String toString(long mac) {
        char[] c = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (mac >>> (40 - 8 * i)) & 0xff;
            c[i * 3] = Character.forDigit(octet >>> 4, 16);
            c[i * 3 + 1] = Character.forDigit(octet & 0xf, 16);
            if (i < 5) {
                c[i * 3 + 2] = ':';
            }
        }
        return new String(c);
    }
}
