package io.lvs4j.forwarder;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the capture thread reads and sends frames ({@code run --io}): {@link #RING} (AF_PACKET
 * TPACKET_V2 rx ring, batched tx ring), {@link #PCAP} (libpcap, one frame a call, the portable fallback),
 * or {@link #AUTO}: the ring if the kernel gives one, else libpcap.
 */
public enum IoMode {
    AUTO, RING, PCAP;

    private static final Logger LOG = LoggerFactory.getLogger(IoMode.class);

    /** {@code ring}, {@code pcap} or {@code auto}, any case. */
    public static IoMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DirectorException("--io '" + text + "' is not an I/O mode (allowed: ring, pcap, auto)");
        }
    }

    /**
     * The mode for a director that also reads a second NIC (LVS-NAT's private side) on the same
     * thread: that takes libpcap's selectable descriptors, so {@code auto} means pcap there.
     */
    IoMode withSecondNic() {
        if (this == RING) {
            throw new DirectorException("--io ring serves one NIC; LVS-NAT with a private NIC (-i PUBLIC -i PRIVATE)"
                    + " runs on --io pcap or auto");
        }
        return PCAP;
    }

    /** Opens {@code iface} in this mode and logs which one runs. */
    FramePort open(String iface, int snaplen) {
        if (this != PCAP) {
            try {
                FramePort ring = RingPort.open(iface, snaplen);
                LOG.info("I/O on {}: ring (AF_PACKET TPACKET_V2 rx ring, batched tx ring with qdisc bypass)", iface);
                return ring;
            } catch (DirectorException | UnsatisfiedLinkError e) {
                if (this == RING) {
                    throw e;
                }
                LOG.info("I/O on {}: no TPACKET_V2 ring ({}), falling back to pcap", iface, e.getMessage());
            }
        }
        try {
            FramePort pcap = PcapPort.open(iface, snaplen);
            LOG.info("I/O on {}: pcap (libpcap, one frame a call)", iface);
            return pcap;
        } catch (Exception e) {
            throw new DirectorException("cannot open " + iface + " for capture: " + e.getMessage(), e);
        }
    }
}
