package io.lvs4j.forwarder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * sysctls changed for the life of a command and put back afterwards, newest first. Written under
 * /proc/sys of the current network namespace, so a namespace lab never touches the host's.
 */
final class KernelSettings {
    private record Saved(Path path, String value) {
    }

    private final Deque<Saved> saved = new ArrayDeque<>();

    /** Sets {@code net.ipv4.conf.<scope>.<key>} to {@code value}, remembering the old value to restore. */
    void setIpv4Conf(String scope, String key, String value) {
        set(Path.of("/proc/sys/net/ipv4/conf", scope, key), value, true);
    }

    /**
     * Sets a key whose owner disappears before {@link #restore()} can run (a device we delete):
     * nothing to restore then.
     */
    void setIpv4ConfOfTransientDevice(String device, String key, String value) {
        set(Path.of("/proc/sys/net/ipv4/conf", device, key), value, false);
    }

    private void set(Path path, String value, boolean restore) {
        try {
            String old = Files.readString(path).strip();
            if (!old.equals(value)) {
                Files.writeString(path, value + "\n");
                if (restore) {
                    saved.push(new Saved(path, old));
                }
            }
        } catch (IOException e) {
            throw new DirectorException("cannot set " + sysctlName(path) + "=" + value + ": " + e.getMessage());
        }
    }

    /** Puts every changed value back; best effort (this runs on the way out). Returns what failed, or "". */
    String restore() {
        StringBuilder failed = new StringBuilder();
        Saved s;
        while ((s = saved.poll()) != null) {
            try {
                Files.writeString(s.path(), s.value() + "\n");
            } catch (IOException e) {
                failed.append(failed.length() == 0 ? "" : ", ").append(sysctlName(s.path())).append('=').append(s.value());
            }
        }
        return failed.toString();
    }

    private static String sysctlName(Path p) {
        return Path.of("/proc/sys").relativize(p).toString().replace('/', '.');
    }
}
