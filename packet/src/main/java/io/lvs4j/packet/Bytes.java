package io.lvs4j.packet;

/** Big-endian (network order) field access shared by the views and writers; no bounds checks beyond the JVM's. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /**
     * True when [off, off+len) lies inside b. Views check this in valid() so that a caller's wrong
     * length is reported as an invalid packet instead of an exception deep in the capture loop.
     */
    static boolean inBounds(byte[] b, int off, int len) {
        return b != null && off >= 0 && len >= 0 && len <= b.length - off;
    }
}
