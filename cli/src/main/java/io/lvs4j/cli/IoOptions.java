package io.lvs4j.cli;

import io.lvs4j.forwarder.IoMode;
import picocli.CommandLine.Option;

/** {@code run --io}: how the capture thread reads and sends frames; $LVS4J_IO sets the default (the lab tests run both). */
public final class IoOptions {
    @Option(names = "--io", paramLabel = "xdp|ring|pcap|auto", defaultValue = "${env:LVS4J_IO:-auto}",
            description = "Frame I/O: xdp (an XDP program steers the VIPs' frames to an AF_XDP socket), ring"
                    + " (AF_PACKET TPACKET_V2 rx ring, batched tx ring), pcap (libpcap), or auto: xdp where the NIC"
                    + " gives it zero-copy, else ring, else pcap (default: $LVS4J_IO, else auto).")
    String io;

    IoMode mode() {
        return IoMode.parse(io);
    }
}
