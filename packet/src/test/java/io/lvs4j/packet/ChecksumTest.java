package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    /** The well-known header 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7. */
    private static final String HEADER = "4500 0073 0000 4000 4011 b861 c0a80001 c0a800c7";

    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the words sum to ddf2, whose complement is 220d.
        assertEquals(0x220d, Checksum.compute(Hex.bytes("0001 f203 f4f5 f6f7"), 0, 8));
    }

    @Test
    void oddLengthPadsLastByteWithZero() {
        // 0102 + 0300 = 0402, ~ = fbfd
        assertEquals(0xfbfd, Checksum.compute(Hex.bytes("010203"), 0, 3));
    }

    @Test
    void computesAndVerifiesAnIpHeaderAtAnOffset() {
        byte[] b = Hex.bytes("ffff" + HEADER + "ffff");
        assertTrue(Checksum.verify(b, 2, 20));
        b[2 + 10] = 0;
        b[2 + 11] = 0;
        assertEquals(0xb861, Checksum.compute(b, 2, 20));
        assertFalse(Checksum.verify(b, 2, 20));
    }

    @Test
    void verifyFailsOnAnySingleBitFlip() {
        byte[] b = Hex.bytes(HEADER);
        for (int bit = 0; bit < 160; bit++) {
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Checksum.verify(b, 0, 20), "bit " + bit);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        assertTrue(Checksum.verify(b, 0, 20));
    }

    @Test
    void incrementalTtlDecrement() {
        // TTL 40 -> 3f lowers the word 4011 by 0x0100, so the checksum rises by 0x0100.
        assertEquals(0xb961, Checksum.update(0xb861, 0x4011, 0x3f11));
    }

    @Test
    void rfc1624Section4ExampleGivesZeroNotFfff() {
        assertEquals(0x0000, Checksum.update(0xdd2f, 0x5555, 0x3285));
    }

    @Test
    void incrementalMatchesFullRecomputation() {
        Random r = new Random(1071);
        byte[] b = new byte[20];
        for (int n = 0; n < 10_000; n++) {
            r.nextBytes(b);
            b[10] = 0;
            b[11] = 0;
            int old = Checksum.compute(b, 0, 20);
            int word = 2 * r.nextInt(10);
            if (word == 10) {
                continue;
            }
            int oldWord = Bytes.u16(b, word);
            int newWord = r.nextInt(0x10000);
            Bytes.put16(b, word, newWord);
            assertEquals(Checksum.compute(b, 0, 20), Checksum.update(old, oldWord, newWord));

            int oldAddr = Bytes.i32(b, 12);
            int newAddr = r.nextInt();
            int before = Checksum.compute(b, 0, 20);
            Bytes.put32(b, 12, newAddr);
            assertEquals(Checksum.compute(b, 0, 20), Checksum.update32(before, oldAddr, newAddr));
        }
    }

    @Test
    void sumChainsPieces() {
        byte[] b = Hex.bytes("0001 f203 f4f5 f6f7");
        int partial = Checksum.sum(b, 0, 4, 0);
        assertEquals(0x220d, Checksum.finish(Checksum.sum(b, 4, 4, partial)));
    }
}
