package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classic pcap format on hand-made bytes: both byte orders, µs and ns, and every refusal. */
class CaptureFileTest {
    @TempDir
    Path dir;

    /** Two records as tcpdump writes them on x86 (little-endian, µs): 24-byte header, 16 + 4, 16 + 3. */
    static final String LITTLE_MICROS = ""
            + "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000"
            // record 1: ts 0x5f5e1000 = 1600000000 s, 123456 µs (0x0001e240), caplen 4, len 60
            + "00105e5f" + "40e20100" + "04000000" + "3c000000" + "deadbeef"
            // record 2: 1600000001 s, 999999 µs (0x000f423f), caplen 3, len 3
            + "01105e5f" + "3f420f00" + "03000000" + "03000000" + "010203";

    /** The same two records big-endian with nanoseconds (123456789 ns = 0x075bcd15). */
    static final String BIG_NANOS = ""
            + "a1b23c4d" + "0002" + "0004" + "00000000" + "00000000" + "0000ffff" + "00000001"
            + "5f5e1000" + "075bcd15" + "00000004" + "0000003c" + "deadbeef"
            + "5f5e1001" + "3b9ac9ff" + "00000003" + "00000003" + "010203";

    private Path file(String name, String hex) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, HexFormat.of().parseHex(hex));
        return p;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsLittleEndianMicroseconds() throws IOException {
        byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
        try (CaptureFileReader r = CaptureFileReader.open(file("le.pcap", LITTLE_MICROS))) {
            assertFalse(r.nanosecond());
            assertEquals(262144, r.snapLength());
            assertEquals(1, r.linkType());
            assertEquals(4, r.next(frame));
            assertArrayEquals(HexFormat.of().parseHex("deadbeef"), Arrays.copyOf(frame, 4));
            assertEquals(1_600_000_000L, r.seconds());
            assertEquals(123_456, r.fraction());
            assertEquals(1_600_000_000_123L, r.millis());
            assertEquals(60, r.wireLength());
            assertEquals(3, r.next(frame));
            assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(frame, 3));
            assertEquals(1_600_000_001_999L, r.millis());
            assertEquals(-1, r.next(frame));
            assertEquals(-1, r.next(frame), "stays at the end");
            assertEquals(2, r.records());
            assertEquals(1, r.cutShort(), "record 1 captured 4 of 60 bytes");
        }
    }

    @Test
    void readsBigEndianNanoseconds() throws IOException {
        byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
        try (CaptureFileReader r = CaptureFileReader.open(file("be.pcap", BIG_NANOS))) {
            assertTrue(r.nanosecond());
            assertEquals(65535, r.snapLength());
            assertEquals(4, r.next(frame));
            assertEquals(123_456_789, r.fraction());
            assertEquals(1_600_000_000_123L, r.millis());
            assertEquals(3, r.next(frame));
            assertEquals(999_999_999, r.fraction());
            assertEquals(1_600_000_001_999L, r.millis());
            assertEquals(-1, r.next(frame));
        }
    }

    @Test
    void linkTypeWordWithFcsBitsIsStillEthernet() throws IOException {
        // pcap's LinkType word: bit 26 "F" and bits 28..31 the FCS length (here 4 bytes): 0x44000001
        String hex = LITTLE_MICROS.substring(0, 40) + "01000044" + LITTLE_MICROS.substring(48);
        try (CaptureFileReader r = CaptureFileReader.open(file("fcs.pcap", hex))) {
            assertEquals(1, r.linkType());
        }
    }

    @Test
    void writesTheBytesTcpdumpWrites() throws IOException {
        Path out = dir.resolve("out.pcap");
        try (CaptureFileWriter w = CaptureFileWriter.create(out, false)) {
            w.timestamp(1_600_000_000L, 123_456);
            assertTrue(w.send(HexFormat.of().parseHex("deadbeef00"), 4));
            w.timestamp(1_600_000_001L, 999_999);
            w.send(new byte[] {1, 2, 3}, 3);
            assertEquals(2, w.frames());
        }
        // as LITTLE_MICROS, except that the writer records caplen = len (the director sends whole frames)
        String expected = LITTLE_MICROS.replace("04000000" + "3c000000", "04000000" + "04000000");
        assertEquals(expected, HexFormat.of().formatHex(Files.readAllBytes(out)));
    }

    @Test
    void nanosecondRoundTrip() throws IOException {
        Path out = dir.resolve("ns.pcap");
        try (CaptureFileWriter w = CaptureFileWriter.create(out, true)) {
            w.timestamp(3_000_000_000L, 999_999_999); // past 2038: the file's seconds are unsigned
            w.send(new byte[] {9, 8, 7, 6, 5}, 5);
        }
        byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
        try (CaptureFileReader r = CaptureFileReader.open(out)) {
            assertTrue(r.nanosecond());
            assertEquals(5, r.next(frame));
            assertEquals(3_000_000_000L, r.seconds());
            assertEquals(999_999_999, r.fraction());
            assertEquals(-1, r.next(frame));
        }
    }

    @Test
    void largeFilesCrossTheReadBufferIntact() throws IOException {
        // 3000 records of 1000..1499 bytes: ~3.7 MB, several refills of the 1 MiB read buffer
        Path out = dir.resolve("big.pcap");
        try (CaptureFileWriter w = CaptureFileWriter.create(out, false)) {
            byte[] f = new byte[1500];
            for (int i = 0; i < 3000; i++) {
                Arrays.fill(f, (byte) i);
                w.timestamp(i, i);
                w.send(f, 1000 + i % 500);
            }
        }
        byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
        try (CaptureFileReader r = CaptureFileReader.open(out)) {
            for (int i = 0; i < 3000; i++) {
                int n = r.next(frame);
                assertEquals(1000 + i % 500, n, "record " + i);
                assertEquals((byte) i, frame[0]);
                assertEquals((byte) i, frame[n - 1]);
                assertEquals(i, r.seconds());
                assertEquals(i, r.fraction());
            }
            assertEquals(-1, r.next(frame));
        }
    }

    private String refusal(Path p) {
        byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
        DirectorException e = assertThrows(DirectorException.class, () -> {
            try (CaptureFileReader r = CaptureFileReader.open(p)) {
                while (r.next(frame) >= 0) {
                    // read to the end or the error
                }
            }
        });
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void badFilesAreOneLineNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.pcap");
        assertEquals("cannot read capture file " + missing + ": no such file", refusal(missing));

        Path empty = file("empty.pcap", "");
        assertEquals(empty + ": not a pcap file (0 bytes, shorter than the 24-byte pcap file header)",
                refusal(empty));

        Path text = file("text.pcap", "GET / HTTP/1.0\r\n\r\nand some more text".getBytes());
        assertEquals(text + ": not a pcap file (magic number 0x47455420)", refusal(text));

        Path ng = file("ng.pcap", "0a0d0d0a" + "1c000000" + "4d3c2b1a" + "01000000" + "ffffffffffffffff" + "1c000000");
        assertTrue(refusal(ng).startsWith(ng + ": a pcapng file; lvs4j reads classic pcap: convert it with `editcap"),
                refusal(ng));

        Path sll = file("sll.pcap", LITTLE_MICROS.substring(0, 40) + "71000000");
        assertEquals(sll + ": link type 113 (LINUX_SLL, as `tcpdump -i any` writes) is not Ethernet (DLT_EN10MB, 1);"
                + " capture on the director's NIC (tcpdump -i eth0), not on 'any'", refusal(sll));

        Path v1 = file("v1.pcap", LITTLE_MICROS.substring(0, 8) + "0100" + LITTLE_MICROS.substring(12, 48));
        assertEquals(v1 + ": pcap format version 1.4 is not supported (2.x is)", refusal(v1));

        // cut inside record 2's header: 24 + 20 + 16 + 3 = 63 bytes; keep 24 + 20 + 5
        Path cutHeader = file("cut1.pcap", LITTLE_MICROS.substring(0, (24 + 20 + 5) * 2));
        assertEquals(cutHeader + ": truncated: record 2 at byte 44 has 5 of its 16 header bytes", refusal(cutHeader));

        Path cutData = file("cut2.pcap", LITTLE_MICROS.substring(0, (24 + 20 + 16 + 1) * 2));
        assertEquals(cutData + ": truncated: record 2 at byte 44 needs 3 bytes of frame data, only 1 left",
                refusal(cutData));

        Path huge = file("huge.pcap", LITTLE_MICROS.substring(0, 48) + "00105e5f" + "00000000" + "00000001"
                + "00000001");
        assertEquals(huge + ": corrupt: record 1 at byte 24 claims 16777216 captured bytes (at most 262144)",
                refusal(huge));

        assertTrue(refusal(dir).startsWith("cannot read capture file " + dir + ": "), refusal(dir));
    }

    @Test
    void readingAllocatesNothingPerRecord() throws IOException {
        Path out = dir.resolve("many.pcap");
        byte[] f = new byte[60];
        try (CaptureFileWriter w = CaptureFileWriter.create(out, false)) {
            for (int i = 0; i < 200_000; i++) {
                w.timestamp(i, 0);
                w.send(f, f.length);
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
        try (CaptureFileReader r = CaptureFileReader.open(out)) {
            for (int i = 0; i < 20_000; i++) {
                r.next(frame); // warm up, and let the JDK cache its temporary direct buffer
            }
            long before = mx.getThreadAllocatedBytes(tid);
            int n = 0;
            while (r.next(frame) >= 0) {
                n++;
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertEquals(180_000, n);
            assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 180k records");
        }
    }
}
