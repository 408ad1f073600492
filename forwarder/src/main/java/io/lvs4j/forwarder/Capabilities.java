package io.lvs4j.forwarder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a director needs of the kernel: CAP_NET_RAW to capture and inject frames, CAP_NET_ADMIN to
 * own network devices and rules (decap's TUN device; the nftables guards of the kernel VIP mode
 * and NAT). Root has both; so has a service user given them as ambient capabilities, which is how
 * a unit should run it (systemd: {@code AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN}).
 */
public final class Capabilities {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_BPF = 39;

    private Capabilities() {
    }

    /** Fails with one line naming each missing capability. */
    public static void require(String command) {
        List<String> missing = missing(effective(Path.of("/proc/self/status")));
        if (!missing.isEmpty()) {
            throw new DirectorException(command + " needs CAP_NET_RAW and CAP_NET_ADMIN (missing: "
                    + String.join(", ", missing) + "); run it as root (sudo ./lvs4j " + command
                    + " …) or grant them, e.g. systemd AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN");
        }
    }

    /** Fails with one line unless {@link #mayUseBpf}: for {@code --io xdp}, before anything is bound or loaded. */
    public static void requireBpf() {
        if (!mayUseBpf()) {
            throw new DirectorException("--io xdp needs CAP_BPF as well as CAP_NET_RAW and CAP_NET_ADMIN; run it as"
                    + " root or grant it, e.g. systemd AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN CAP_BPF");
        }
    }

    /** Whether this process may load XDP programs and make BPF maps ({@code --io xdp}): CAP_BPF, or CAP_SYS_ADMIN. */
    static boolean mayUseBpf() {
        return mayUseBpf(effective(Path.of("/proc/self/status")));
    }

    static boolean mayUseBpf(long effective) {
        return (effective & (1L << CAP_BPF | 1L << CAP_SYS_ADMIN)) != 0;
    }

    /** The capabilities of ours that {@code effective} lacks, by name. */
    static List<String> missing(long effective) {
        List<String> missing = new ArrayList<>();
        if ((effective & (1L << CAP_NET_RAW)) == 0) {
            missing.add("CAP_NET_RAW");
        }
        if ((effective & (1L << CAP_NET_ADMIN)) == 0) {
            missing.add("CAP_NET_ADMIN");
        }
        return missing;
    }

    /** The effective set from a /proc/PID/status file ("CapEff:" in hex); 0 when it cannot be read. */
    static long effective(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0; // no /proc: say what is needed rather than fail later in libpcap
        }
        return 0;
    }
}
