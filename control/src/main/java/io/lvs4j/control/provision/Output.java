package io.lvs4j.control.provision;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Puts generated files on stdout or into the {@code --out} directory. */
public final class Output {

    private Output() {
    }

    /** Throws when DIR cannot take the files; called before anything is generated or written. */
    public static void checkDirectory(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent(); // the directory is created; its nearest existing ancestor decides
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidInputException("--out '" + dir + "' is not a directory"
                    + (existing == null ? "" : " (" + existing + " is a file)") + "; give a directory, it is created if missing");
        }
        if (!Files.isWritable(existing)) {
            throw new InvalidInputException("--out '" + dir + "': " + existing + " is not writable");
        }
    }

    /** One file as it is; several each after a {@code # ==> name <==} line. */
    public static void print(List<GeneratedFile> files, PrintWriter out) {
        boolean headers = files.size() > 1;
        for (int i = 0; i < files.size(); i++) {
            if (headers) {
                out.print((i > 0 ? "\n" : "") + "# ==> " + files.get(i).name() + " <==\n");
            }
            out.print(files.get(i).content());
        }
        out.flush();
    }

    /** Writes every file into DIR (created if missing) and says what it wrote. */
    public static void write(List<GeneratedFile> files, Path dir, PrintWriter out) throws IOException {
        Files.createDirectories(dir);
        for (GeneratedFile f : files) {
            Path target = dir.resolve(f.name());
            // Write beside, then rename: a reader never sees a half-written script.
            Path tmp = Files.createTempFile(dir, "." + f.name(), ".tmp");
            try {
                Files.writeString(tmp, f.content());
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(f.executable() ? "rwxr-xr-x" : "rw-r--r--"));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            out.println("wrote " + target + "  (install as " + f.installAs() + ")");
        }
        out.flush();
    }
}
