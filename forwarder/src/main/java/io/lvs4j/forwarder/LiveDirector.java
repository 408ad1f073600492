package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A director on a real NIC (VIP mode own): the NIC looked up and checked, its pcap handle, the
 * director and its capture loop, made ready to run. The capture thread exists (not started) from
 * {@link #open} on, so the control plane's actions queue for it from the first one.
 */
public final class LiveDirector {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDirector.class);

    private final Nic nic;
    private final FramePort port;
    private final Director director;
    private final CaptureLoop loop;
    private final Thread capture;

    private LiveDirector(Nic nic, FramePort port, Director director, CaptureLoop loop) {
        this.nic = nic;
        this.port = port;
        this.director = director;
        this.loop = loop;
        this.capture = loop.newThread("capture-" + nic.name());
    }

    /**
     * Opens {@code iface} for the tables given.
     *
     * @param tunnelSource the outer source of TUN packets, or -1 for the NIC's address
     * @param io how frames are read and sent
     * @throws DirectorException when the NIC is missing, holds a VIP, or cannot be captured on
     */
    public static LiveDirector open(String iface, ServiceTable services, ConnectionTable connections,
                                    int tunnelSource, IoMode io) {
        Capabilities.require("run");
        Nic nic = Nic.lookup(iface);
        for (int vip : services.addresses()) {
            if (Nic.isLocalAddress(vip)) {
                throw new DirectorException("VIP " + Ipv4Address.toString(vip) + " is configured on this host;"
                        + " in VIP mode 'own' lvs4j answers ARP for it itself: remove it (ip addr del "
                        + Ipv4Address.toString(vip) + "/32 dev …)");
            }
        }
        warnIfForwarding();
        int outerSource = tunnelSource == -1 ? nic.address() : tunnelSource;
        TunnelSource.require(services, outerSource, iface + " has no IPv4 address; give one with --tun-source IP");
        FramePort port = io.open(iface, nic.mtu() + PcapPort.FRAME_OVERHEAD);
        Director director = new Director(nic, port, services, connections, true, false, outerSource);
        CaptureLoop loop = new CaptureLoop(port, director);
        loop.prepare();
        return new LiveDirector(nic, port, director, loop);
    }

    /** The capture loop, for the control plane's actions on the datapath thread. */
    public CaptureLoop loop() {
        return loop;
    }

    /** Frees the NIC when the director will not run after all. */
    public void abandon() {
        port.close();
    }

    /**
     * Directs until SIGINT or SIGTERM, then runs {@code beforeStop} (close the control side),
     * stops the capture thread and prints {@code summary(elapsedMillis)}.
     */
    public void runUntilSignalled(Runnable beforeStop, Summary summary) {
        long started = System.currentTimeMillis();
        LOG.info("directing on {} ({} {}): {} service(s), VIP mode own; Ctrl-C stops",
                nic.name(), MacAddress.toString(nic.mac()), Ipv4Address.toString(nic.address()),
                director.services().services().size());
        SignalledThread.runUntilSignalled(capture, () -> {
            beforeStop.run();
            loop.stop();
        }, 2_000, stopped -> {
            System.out.print(summary.text(director, port.kernelDrops(), System.currentTimeMillis() - started));
            System.out.flush();
            if (stopped) {
                port.close(); // never under a thread that may still be reading from it
            }
        });
    }

    /** The one-screen summary at exit. */
    @FunctionalInterface
    public interface Summary {
        String text(Director director, long kernelDrops, long elapsedMillis);
    }

    private static void warnIfForwarding() {
        try {
            String v = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim();
            if (v.equals("1")) {
                LOG.warn("net.ipv4.ip_forward=1: the kernel would route the VIP's packets too;"
                        + " set it to 0 on the director (sysctl -w net.ipv4.ip_forward=0)");
            }
        } catch (Exception e) {
            // Not Linux /proc: nothing to warn about.
        }
    }
}
