package io.lvs4j.packet;

/** Hand-laid frames shared by the tests. Checksums were computed by hand (word sums written out). */
final class Frames {
    private Frames() {}

    /**
     * A Linux-style TCP SYN, 10.0.0.2:50000 -> 10.0.0.100:80, 74 bytes, with MSS/SACK/TS/WS options.
     * IP header checksum: 4500+003c+1c46+4000+4006+0a00+0002+0a00+0064 = f5ee, ~ = 0a11.
     */
    static final String TCP_SYN =
            "020000000001 020000000002 0800"
            + "4500 003c 1c46 4000 4006 0a11 0a000002 0a000064"
            + "c350 0050 499602d2 00000000 a0 02 faf0 28a1 0000"
            + "020405b4 0402 080a 00000000 00000000 01 030307";

    static byte[] tcpSyn() {
        return Hex.bytes(TCP_SYN);
    }
}
