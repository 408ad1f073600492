package io.lvs4j.scheduler;

/**
 * SipHash-1-3, as the kernel's hsiphash() of one u32 computes it on a 64-bit kernel (one compression round,
 * three finalization rounds) over the value's 4 little-endian bytes, returning the low 32 bits
 * of v0 ^ v1 ^ v2 ^ v3. The key is (k0, k1) as two 64-bit words.
 */
final class SipHash13 {
    private SipHash13() {
    }

    static int hash(int value, long k0, long k1) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        // no full 8-byte word; the tail word carries the length (4) in its top byte
        long b = (4L << 56) | (value & 0xFFFFFFFFL);
        v3 ^= b;
        // one compression round
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= b;
        v2 ^= 0xFF;
        for (int r = 0; r < 3; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return (int) (v0 ^ v1 ^ v2 ^ v3);
    }
}
