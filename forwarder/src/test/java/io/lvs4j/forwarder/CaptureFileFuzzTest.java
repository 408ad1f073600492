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
 * Offline replay over arbitrary file contents, as {@code run --read} does it: CaptureFileReader,
 * ReplayLoop, the director, CaptureFileWriter. A bad file is one DirectorException with one line
 * naming the file, never another exception; every frame handled lands in exactly one of the
 * director's outcome counters; no frame written is over the MTU. Seeds:
 * {@code src/test/resources/io/lvs4j/forwarder/CaptureFileFuzzTestInputs/read/}, written by
 * {@link FuzzSeeds}.
 */
class CaptureFileFuzzTest {
    private static Path in;
    private static Path out;

    @FuzzTest(maxDuration = "30s")
    void read(byte[] contents) {
        write(contents);
        Director d = null;
        try (CaptureFileReader r = CaptureFileReader.open(in);
             CaptureFileWriter w = CaptureFileWriter.create(out, r.nanosecond())) {
            ReplayLoop loop = new ReplayLoop(r, w);
            long start = loop.start();
            d = DirectorFuzzTest.director(DirectorFuzzTest.withinMtu(w), start);
            loop.run(d);
            assertEquals(loop.frames(), d.counters().frames, "every frame read was handled");
            assertEquals(r.records(), loop.frames());
        } catch (DirectorException e) {
            String m = e.getMessage();
            assertTrue(m.contains(in.toString()), "names the file: " + m);
            assertFalse(m.contains("\n"), "one line: " + m);
        }
        if (d != null) {
            assertEquals(d.counters().frames, DirectorFuzzTest.outcomes(d.counters()), "every frame counted");
            assertEquals(0, d.counters().internalErrors, "frames whose handling threw (the replay loop caught them)");
        }
    }

    /**
     * The input file, rewritten for every input (the reader reads files, not streams), and the
     * output file; in memory (/dev/shm) where there is one, as a disk write costs more than the test.
     */
    private static void write(byte[] contents) {
        try {
            if (in == null) {
                Path shm = Path.of("/dev/shm");
                Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                        : Path.of(System.getProperty("java.io.tmpdir"));
                in = Files.createTempFile(dir, "lvs4j-fuzz-in-", ".pcap");
                out = Files.createTempFile(dir, "lvs4j-fuzz-out-", ".pcap");
                in.toFile().deleteOnExit();
                out.toFile().deleteOnExit();
            }
            Files.write(in, contents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
