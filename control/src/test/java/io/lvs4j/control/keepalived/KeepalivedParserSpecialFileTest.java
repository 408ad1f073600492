package io.lvs4j.control.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files an include may name that are no configuration: they are refused or read as what their
 * size says, never read until they end (which some never do). Found by KeepalivedParserFuzzTest's
 * question "can an include hang?". The deadlines only stop a test that would otherwise hang.
 */
class KeepalivedParserSpecialFileTest {
    private static final Duration HANG = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void aFifoIsRefusedNotWaitedOn() throws IOException, InterruptedException {
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() == 0, "mkfifo");
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, "! a FIFO as the file itself, then as an include\n");
        ConfigException e = assertTimeoutPreemptively(HANG,
                () -> assertThrows(ConfigException.class, () -> KeepalivedParser.parse(fifo)));
        assertEquals(fifo + ":0: cannot read " + fifo + ": IOException not a regular file", e.getMessage());
        Files.writeString(file, "\ninclude /dev/zero\n");
        e = assertTimeoutPreemptively(HANG, () -> assertThrows(ConfigException.class, () -> KeepalivedParser.parse(file)));
        assertEquals(file + ":2: include /dev/zero: no such file /dev/zero", e.getMessage());
    }

    @Test
    void aKernelFileWhoseReadBlocksReadsAsItsSizeSays() throws IOException {
        // /proc/kmsg says it has 0 bytes, and a read of it waits for the next kernel message
        Path kmsg = Path.of("/proc/kmsg");
        assumeTrue(Files.isRegularFile(kmsg) && Files.isReadable(kmsg) && Files.size(kmsg) == 0, "a readable /proc/kmsg");
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, "include /proc/kmsg\nvirtual_server 10.0.0.1 80 {\n lb_kind DR\n}\n");
        KeepalivedConfig config = assertTimeoutPreemptively(HANG, () -> KeepalivedParser.parse(file));
        assertEquals(1, config.virtualServers().size());
    }

    @Test
    void aFileLargerThanAnyConfigurationIsRefused() throws IOException {
        Path big = dir.resolve("big.conf");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 32); // sparse: takes no disk
        }
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, "include big.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> KeepalivedParser.parse(file));
        assertEquals(file + ":1: cannot read " + big + ": IOException 4294967296 bytes (at most 16777216)", e.getMessage());
    }

    @Test
    void aGlobWalkingIntoADirectoryItMayNotReadIsRefused() throws IOException {
        // /proc/1/map_files needs CAP_SYS_ADMIN to be listed, which a container's root lacks
        Path mapFiles = Path.of("/proc/1/map_files");
        boolean unreadable;
        try (var list = Files.list(mapFiles)) {
            unreadable = list.count() < 0;
        } catch (IOException | UncheckedIOException e) {
            unreadable = true;
        }
        assumeTrue(unreadable && Files.isDirectory(mapFiles), "an unreadable /proc/1/map_files");
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, "include /proc/1/map_files/*\n");
        ConfigException e = assertThrows(ConfigException.class, () -> KeepalivedParser.parse(file));
        assertEquals(file + ":1: include /proc/1/map_files/*: AccessDeniedException /proc/1/map_files", e.getMessage());
    }
}
