package io.lvs4j.control.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.sync.SyncMessage.Verdict;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format against bytes written out by hand from the kernel's structs (ip_vs_sync.c). */
class SyncMessageTest {
    /** TCP 10.0.0.50:40000 → VIP 10.0.0.100:80 → RS 10.0.0.11:80, ESTABLISHED (1), DR, timeout 900. */
    private static final SyncEntry CONN = new SyncEntry(6, 0x0003, 1, 40000, 80, 80, 0, 900,
            0x0A000032, 0x0A000064, 0x0A00000B);
    /** Its template: client 10.0.0.50, port 0, persistence 300 s. */
    private static final SyncEntry TEMPLATE = new SyncEntry(6, 0x1003, 0, 0, 80, 80, 0, 300,
            0x0A000032, 0x0A000064, 0x0A00000B);

    private static final int[] HEADER_2 = {
        0x00, 0x07, 0x00, 8 + 2 * 36, // reserved, syncid 7, size 80
        0x02, 0x01, 0x00, 0x00,       // nr_conns 2, version 1, spare
    };
    private static final int[] CONN_BYTES = {
        0x00, 0x06, 0x00, 0x24,             // type 0 (IPv4), TCP, ver 0 | size 36
        0x00, 0x00, 0x00, 0x03,             // flags: IP_VS_CONN_F_DROUTE
        0x00, 0x01, 0x9C, 0x40,             // state ESTABLISHED, cport 40000
        0x00, 0x50, 0x00, 0x50,             // vport 80, dport 80
        0x00, 0x00, 0x00, 0x00,             // fwmark
        0x00, 0x00, 0x03, 0x84,             // timeout 900 s
        0x0A, 0x00, 0x00, 0x32,             // caddr
        0x0A, 0x00, 0x00, 0x64,             // vaddr
        0x0A, 0x00, 0x00, 0x0B,             // daddr
    };
    private static final int[] TEMPLATE_BYTES = {
        0x00, 0x06, 0x00, 0x24,
        0x00, 0x00, 0x10, 0x03,             // IP_VS_CONN_F_TEMPLATE | DROUTE
        0x00, 0x00, 0x00, 0x00,             // state 0, cport 0
        0x00, 0x50, 0x00, 0x50,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x01, 0x2C,             // 300 s
        0x0A, 0x00, 0x00, 0x32,
        0x0A, 0x00, 0x00, 0x64,
        0x0A, 0x00, 0x00, 0x0B,
    };

    private static byte[] bytes(int[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] p : parts) {
            for (int b : p) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static Verdict decode(byte[] b, int syncid, List<SyncEntry> into) {
        return SyncMessage.decode(b, b.length, syncid, into);
    }

    @Test
    void encodesAsTheKernelLaysItOut() {
        byte[] out = new byte[1500];
        int n = SyncMessage.encode(7, List.of(CONN, TEMPLATE), 0, 2, out);
        assertEquals(80, n);
        assertArrayEquals(bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES), Arrays.copyOf(out, n));
    }

    @Test
    void decodesTheKernelsBytes() {
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.OK, decode(bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES), 7, got));
        assertEquals(List.of(CONN, TEMPLATE), got);
        assertTrue(got.get(1).template());
    }

    @Test
    void aBackupWithSyncidZeroTakesAnySyncid() {
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.OK, decode(bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES), 0, got));
        assertEquals(2, got.size());
    }

    @Test
    void wrongSyncidIsDropped() {
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.WRONG_SYNCID, decode(bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES), 8, got));
        assertTrue(got.isEmpty());
    }

    @Test
    void truncatedMessagesAreDropped() {
        byte[] whole = bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES);
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.TRUNCATED, SyncMessage.decode(whole, 3, 7, got), "shorter than any header");
        // the size field says 80 but the datagram is 60 bytes: the kernel's "bogus message size"
        assertEquals(Verdict.BAD_SIZE, SyncMessage.decode(whole, 60, 7, got));
        // size field agrees with a cut datagram, but nr_conns promises a second entry
        byte[] cut = Arrays.copyOf(whole, 60);
        cut[3] = 60;
        assertEquals(Verdict.TRUNCATED, decode(cut, 7, got));
        assertTrue(got.isEmpty());
    }

    @Test
    void oversizedDatagramIsDropped() {
        byte[] whole = bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES, new int[] {0, 0, 0, 0});
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.BAD_SIZE, decode(whole, 7, got), "84 bytes received, size says 80");
        // an entry claiming more than the datagram holds
        byte[] longEntry = bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES);
        longEntry[8 + 36 + 3] = 40;
        assertEquals(Verdict.TRUNCATED, decode(longEntry, 7, got));
        assertTrue(got.isEmpty());
    }

    @Test
    void badVersionsAreDropped() {
        byte[] v0 = bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES);
        v0[5] = 0;
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.BAD_VERSION, decode(v0, 7, got), "a version-0 message");
        byte[] entryVersion = bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES);
        entryVersion[8 + 2] = 0x10; // ver_size: version 1 in the top nibble
        assertEquals(Verdict.BAD_VERSION, decode(entryVersion, 7, got));
        byte[] spare = bytes(HEADER_2, CONN_BYTES, TEMPLATE_BYTES);
        spare[7] = 1;
        assertEquals(Verdict.BAD_VERSION, decode(spare, 7, got));
        assertTrue(got.isEmpty());
    }

    @Test
    void optionsAreSkippedAndTheNextEntryIsAligned() {
        // CONN with a sequence option (type 1, 24 bytes) and a PE name "sip" (type 3, 3 bytes):
        // size 36 + 26 + 5 = 67, padded to 68 before the next entry
        int[] withOptions = Arrays.copyOf(CONN_BYTES, 36 + 26 + 5 + 1);
        withOptions[3] = 67;
        withOptions[36] = 1;
        withOptions[37] = 24;
        withOptions[62] = 3;
        withOptions[63] = 3;
        withOptions[64] = 's';
        withOptions[65] = 'i';
        withOptions[66] = 'p';
        int[] header = HEADER_2.clone();
        header[3] = 8 + 68 + 36;
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.OK, decode(bytes(header, withOptions, TEMPLATE_BYTES), 7, got));
        assertEquals(List.of(CONN, TEMPLATE), got);
    }

    @Test
    void malformedOptionsDropTheMessage() {
        int[] zeroLength = Arrays.copyOf(CONN_BYTES, 40);
        zeroLength[3] = 40;
        zeroLength[36] = 1; // seq option of length 0
        int[] header = HEADER_2.clone();
        header[3] = 8 + 40;
        header[4] = 1;
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.MALFORMED, decode(bytes(header, zeroLength), 7, got));
        int[] badSeq = Arrays.copyOf(CONN_BYTES, 40);
        badSeq[3] = 40;
        badSeq[36] = 1;
        badSeq[37] = 2; // seq data must be 24 bytes
        assertEquals(Verdict.MALFORMED, decode(bytes(header, badSeq), 7, got));
        assertTrue(got.isEmpty());
    }

    @Test
    void ipv6AndUnknownProtocolsAndStatesAreSkipped() {
        int[] v6 = CONN_BYTES.clone();
        v6[0] = 1; // STYPE_F_INET6 (its addresses are not read; the size says 36)
        int[] sctp = CONN_BYTES.clone();
        sctp[1] = 132;
        int[] badState = CONN_BYTES.clone();
        badState[9] = 11;
        int[] header = {0x00, 0x07, 0x00, 8 + 4 * 36, 0x04, 0x01, 0x00, 0x00};
        List<SyncEntry> got = new ArrayList<>();
        assertEquals(Verdict.OK, decode(bytes(header, v6, sctp, badState, CONN_BYTES), 7, got));
        assertEquals(List.of(CONN), got);
    }

    @Test
    void capacityFollowsMaxlen() {
        assertEquals(40, SyncMessage.capacity(1472)); // (1472 - 8) / 36
        assertEquals(1, SyncMessage.capacity(44));
        assertEquals(255, SyncMessage.capacity(65507));
    }
}
