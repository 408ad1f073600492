package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pcap reader over arbitrary file contents, and the director over what it reads: a bad file
 * is one DirectorException with one line naming the file, never another exception; every frame
 * read lands in exactly one of the director's outcome counters. Seeds:
 * {@code src/test/resources/io/lvs4j/forwarder/CaptureFileFuzzTestInputs/read/}, written by
 * {@link FuzzSeeds}.
 */
class CaptureFileFuzzTest {
    private static Path file;
    private static final byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];

    @FuzzTest(maxDuration = "30s")
    void read(byte[] contents) {
        Path in = write(contents);
        Director d = DirectorFuzzTest.director((f, n) -> true);
        long frames = 0;
        try (CaptureFileReader r = CaptureFileReader.open(in)) {
            int n;
            while ((n = r.next(frame)) >= 0) {
                assertTrue(n <= frame.length);
                d.receive(frame, n, r.millis());
                frames++;
            }
            assertEquals(frames, r.records());
        } catch (DirectorException e) {
            String m = e.getMessage();
            assertTrue(m.contains(in.toString()), "names the file: " + m);
            assertFalse(m.contains("\n"), "one line: " + m);
        }
        assertEquals(frames, DirectorFuzzTest.outcomes(d.counters()), "every frame read is counted");
    }

    /**
     * One temporary file, rewritten for every input (the reader reads files, not streams); in
     * memory (/dev/shm) where there is one, as a disk write costs more than the whole test.
     */
    private static Path write(byte[] contents) {
        try {
            if (file == null) {
                Path shm = Path.of("/dev/shm");
                file = Files.isDirectory(shm) && Files.isWritable(shm)
                        ? Files.createTempFile(shm, "lvs4j-fuzz-", ".pcap")
                        : Files.createTempFile("lvs4j-fuzz-", ".pcap");
                file.toFile().deleteOnExit();
            }
            Files.write(file, contents);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
