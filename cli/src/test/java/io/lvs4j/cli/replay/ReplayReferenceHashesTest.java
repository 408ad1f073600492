package io.lvs4j.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The replay tests' reference hashes reproduce ipvs-semantics.md's known answers. */
class ReplayReferenceHashesTest {
    @Test
    void hash32IsTheGoldenRatioMultiplyTopBits() {
        // 0x0A000001 * 0x61C88647 mod 2^32 = (0x0A * 0x47 mod 0x100) << 24 + 0x61C88647
        //   = 0xC6000000 + 0x61C88647 = 0x27C88647 (mod 2^32): top byte 0x27
        assertEquals(0x27, ReferenceHashes.hash32(0x0A000001, 8));
        assertEquals(0x61, ReferenceHashes.hash32(1, 8));
        assertEquals(192, ReferenceHashes.hash32(0xC0A80001, 8)); // 0xc0608647
    }

    @Test
    void mhKnownAnswers() {
        assertEquals(0x439c0cbe, ReferenceHashes.hsiphash(0x0A000051, ReferenceHashes.MH_KEY1));
        int[] servers = {0x0A000001, 0x0A000002, 0x0A000003};
        int[][] offsetSkip = {{3167, 700}, {1231, 3544}, {1631, 3453}};
        for (int i = 0; i < 3; i++) {
            assertEquals(offsetSkip[i][0], ReferenceHashes.offset(servers[i], 80, 4093), "offset " + i);
            assertEquals(offsetSkip[i][1], ReferenceHashes.skip(servers[i], 80, 4093), "skip " + i);
        }
        int[] table = ReferenceHashes.maglev(servers, 80, 4093);
        int[] slots = new int[3];
        for (int s : table) {
            slots[s]++;
        }
        assertEquals(1365, slots[0]);
        assertEquals(1364, slots[1]);
        assertEquals(1364, slots[2]);
        assertEquals(0, table[3167]);
        assertEquals(1, table[1231]);
        assertEquals(2, table[1631]);
    }
}
