package io.lvs4j.forwarder;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the capture thread reads and sends frames ({@code run --io}): {@link #XDP} (an XDP program
 * steering the VIPs' frames to an AF_XDP socket), {@link #RING} (AF_PACKET TPACKET_V2 rx ring,
 * batched tx ring), {@link #PCAP} (libpcap, one frame a call, the portable fallback), or
 * {@link #AUTO}: the fastest of these the kernel and NIC give: AF_XDP only where the driver gives
 * it zero-copy (in copy mode, as on veth, the ring measured as fast, and needs no CAP_BPF), else
 * the ring, else libpcap.
 */
public enum IoMode {
    AUTO, XDP, RING, PCAP;

    private static final Logger LOG = LoggerFactory.getLogger(IoMode.class);

    /** {@code xdp}, {@code ring}, {@code pcap} or {@code auto}, any case. */
    public static IoMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DirectorException("--io '" + text + "' is not an I/O mode (allowed: xdp, ring, pcap, auto)");
        }
    }

    /**
     * The mode for a director that also reads a second NIC (LVS-NAT's private side) on the same
     * thread: that takes libpcap's selectable descriptors, so {@code auto} means pcap there.
     */
    IoMode withSecondNic() {
        if (this == RING || this == XDP) {
            throw new DirectorException("--io " + name().toLowerCase(Locale.ROOT) + " serves one NIC; LVS-NAT with a"
                    + " private NIC (-i PUBLIC -i PRIVATE) runs on --io pcap or auto");
        }
        return PCAP;
    }

    /** Opens {@code iface} (MAC {@code mac}) in this mode, or the next one down for auto, and logs which runs. */
    FramePort open(String iface, long mac, int snaplen) {
        if (this == XDP) {
            Capabilities.requireBpf();
        }
        if (this == AUTO && !Capabilities.mayUseBpf()) {
            LOG.info("I/O on {}: no CAP_BPF for AF_XDP, trying the ring", iface);
        } else if (this == AUTO || this == XDP) {
            try {
                XdpPort xdp = XdpPort.open(iface, mac, snaplen, this == AUTO);
                LOG.info("I/O on {}: xdp (AF_XDP socket in {} mode, XDP program in {} mode; other frames by an"
                        + " AF_PACKET ring)", iface, xdp.zeroCopy() ? "zero-copy" : "copy", xdp.mode());
                return xdp;
            } catch (DirectorException | UnsatisfiedLinkError e) {
                if (this == XDP) {
                    throw e;
                }
                LOG.info("I/O on {}: no zero-copy AF_XDP ({}), trying the ring", iface, e.getMessage());
            }
        }
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
