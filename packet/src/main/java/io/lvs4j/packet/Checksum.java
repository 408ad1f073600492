package io.lvs4j.packet;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 * Values are the 16-bit field contents as non-negative ints (0..0xffff).
 */
public final class Checksum {
    private Checksum() {}

    /**
     * Ones'-complement sum (folded to 16 bits, not complemented) of len bytes starting at off, added
     * to {@code initial}: lets callers chain a pseudo-header or several pieces before {@link #finish}.
     * An odd trailing byte is padded with a zero byte, as RFC 1071 prescribes.
     */
    public static int sum(byte[] b, int off, int len, int initial) {
        // 32-bit accumulator: even a 64 KB datagram (32768 words of at most 0xffff) cannot overflow it.
        long acc = initial & 0xffff_ffffL;
        int end = off + (len & ~1);
        for (int i = off; i < end; i += 2) {
            acc += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            acc += (b[end] & 0xff) << 8;
        }
        return fold(acc);
    }

    /** Folds a partial sum to 16 bits and complements it: the value to store in a checksum field. */
    public static int finish(int sum) {
        return ~fold(sum & 0xffff_ffffL) & 0xffff;
    }

    /** The checksum to store, computed over the bytes with the checksum field itself set to zero. */
    public static int compute(byte[] b, int off, int len) {
        return finish(sum(b, off, len, 0));
    }

    /** True when the bytes, checksum field included, sum to ones'-complement zero (0xffff). */
    public static boolean verify(byte[] b, int off, int len) {
        return sum(b, off, len, 0) == 0xffff;
    }

    /** RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'): the new checksum after one 16-bit word changed from m to m'. */
    public static int update(int oldChecksum, int oldWord16, int newWord16) {
        long acc = (~oldChecksum & 0xffff) + (~oldWord16 & 0xffff) + (newWord16 & 0xffff);
        return ~fold(acc) & 0xffff;
    }

    /** {@link #update} for a 32-bit field (an IPv4 address): both halves at once. */
    public static int update32(int oldChecksum, int oldWord32, int newWord32) {
        long acc = (~oldChecksum & 0xffff)
                + (~oldWord32 >>> 16 & 0xffff) + (~oldWord32 & 0xffff)
                + (newWord32 >>> 16 & 0xffff) + (newWord32 & 0xffff);
        return ~fold(acc) & 0xffff;
    }

    private static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }
}
