package io.lvs4j.cli;

import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.forwarder.IoMode;
import picocli.CommandLine.Option;

/**
 * {@code run --io} and {@code --busy-poll}: how the capture thread reads and sends frames, and how
 * it waits for them; $LVS4J_IO sets the default mode (the lab tests run both).
 */
public final class IoOptions {
    /** A second of spinning is already a core kept busy; beyond it the option only hides a typo. */
    static final int MAX_BUSY_POLL_MICROS = 1_000_000;

    @Option(names = "--io", paramLabel = "xdp|ring|pcap|auto", defaultValue = "${env:LVS4J_IO:-auto}",
            description = "Frame I/O: xdp (an XDP program steers the VIPs' frames to an AF_XDP socket), ring"
                    + " (AF_PACKET TPACKET_V2 rx ring, batched tx ring), pcap (libpcap), or auto: xdp where the NIC"
                    + " gives it zero-copy, else ring, else pcap (default: $LVS4J_IO, else auto).")
    String io;

    @Option(names = "--busy-poll", paramLabel = "MICROS", defaultValue = "0",
            description = "When no frame is waiting, spin on the NIC for up to MICROS microseconds before sleeping"
                    + " (as the kernel's net.core.busy_poll): less latency, since a frame that comes in that time"
                    + " needs no wake-up, for the CPU spent spinning, up to a whole core. 0 to "
                    + MAX_BUSY_POLL_MICROS + "; default 0, never spin.")
    int busyPollMicros;

    IoMode mode() {
        return IoMode.parse(io);
    }

    /** The spin time, checked; refused for an offline replay, which waits for nothing. */
    int busyPollMicros(boolean replay) {
        if (busyPollMicros < 0 || busyPollMicros > MAX_BUSY_POLL_MICROS) {
            throw new DirectorException("--busy-poll " + busyPollMicros + " is not a spin time in microseconds"
                    + " (allowed: 0 to " + MAX_BUSY_POLL_MICROS + ")");
        }
        if (busyPollMicros > 0 && replay) {
            throw new DirectorException("--busy-poll is for a live director; a replay reads a file and waits for nothing");
        }
        return busyPollMicros;
    }
}
