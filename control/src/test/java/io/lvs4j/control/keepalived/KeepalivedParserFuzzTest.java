package io.lvs4j.control.keepalived;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arbitrary bytes as a keepalived.conf: a config, or one ConfigException with a one-line message
 * that starts with a file and a line; never another exception. The file sits alone in its own
 * temporary directory, so a relative {@code include} finds only the file itself (or whatever lies
 * above it); absolute includes read what they name, as keepalived's do. Seeds:
 * {@code src/test/resources/io/lvs4j/control/keepalived/KeepalivedParserFuzzTestInputs/parse/}.
 */
class KeepalivedParserFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "30s")
    void parse(byte[] contents) {
        write(contents);
        try {
            KeepalivedConfig config = KeepalivedParser.parse(file);
            assertNotNull(config.virtualServers());
        } catch (ConfigException e) {
            String m = e.getMessage();
            assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
            assertNotNull(e.file(), m);
            assertTrue(m.startsWith(e.file() + ":" + e.line() + ": "), "file:line: " + m);
            assertTrue(e.line() >= 0, m);
            assertFalse(e.reason().isBlank(), m);
            if (e.file().equals(file)) {
                long lines = contents.length == 0 ? 0 : new String(contents, StandardCharsets.ISO_8859_1)
                        .split("\r\n|\r|\n", -1).length;
                assertTrue(e.line() <= lines, "a line the file has: " + m);
            }
        }
    }

    /** Rewritten for every input, in memory (/dev/shm) where there is one. */
    private static void write(byte[] contents) {
        try {
            if (file == null) {
                Path shm = Path.of("/dev/shm");
                Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                        : Path.of(System.getProperty("java.io.tmpdir"));
                Path dir = Files.createTempDirectory(base, "lvs4j-fuzz-keepalived-");
                file = dir.resolve("keepalived.conf");
                dir.toFile().deleteOnExit();
                file.toFile().deleteOnExit(); // deleted first: deleteOnExit runs in reverse order
            }
            Files.write(file, contents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
