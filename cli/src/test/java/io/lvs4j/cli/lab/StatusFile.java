package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;

/**
 * The status file a lab traffic script (ha-streams.py, ecmp-clients.py) rewrites every 200 ms or
 * so: a test that must know the state after some moment waits for a file written after it, since
 * the one on disk can be older, more so on a busy machine.
 */
final class StatusFile {
    private StatusFile() {
    }

    /**
     * Waits (30 s) for {@code status} to be written after {@code after}; returns its new time.
     *
     * @param writer names the script and what it printed, for the failure message
     */
    static FileTime awaitWrittenAfter(Path status, FileTime after, Supplier<String> writer) {
        if (!Shell.await(30_000, () -> modified(status).compareTo(after) > 0)) {
            throw new AssertionError(writer.get() + " wrote no status for 30 s (last at " + modified(status) + ")");
        }
        return modified(status);
    }

    private static FileTime modified(Path status) {
        try {
            return Files.getLastModifiedTime(status);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
