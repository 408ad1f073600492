package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A director on a real NIC: the NIC looked up and checked, its pcap handle, the director and its
 * capture loop, made ready to run. The capture thread exists (not started) from {@link #open} on,
 * so the control plane's actions queue for it from the first one. In VIP mode "kernel" it also
 * holds the {@link KernelVipGuard}, kept in step with the services through {@link #onDatapath}.
 */
public final class LiveDirector {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDirector.class);

    private final Nic nic;
    private final FramePort port;
    private final Director director;
    private final CaptureLoop loop;
    private final Thread capture;
    private final NatSide nat;
    private final KernelVipGuard guard;

    private LiveDirector(Nic nic, FramePort port, Director director, CaptureLoop loop, NatSide nat, KernelVipGuard guard) {
        this.nic = nic;
        this.port = port;
        this.director = director;
        this.loop = loop;
        this.nat = nat;
        this.guard = guard;
        this.capture = loop.newThread("capture-" + nic.name());
    }

    /**
     * Opens {@code iface} for the tables given.
     *
     * @param privateIface LVS-NAT's private NIC, behind which its real servers are (null: none, or
     *                     behind {@code iface} too)
     * @param tunnelSource the outer source of TUN packets, or -1 for the NIC's address
     * @param kernelVip    VIP mode "kernel": the VIP may be a local address (the kernel answers ARP),
     *                     guarded by nftables; else mode "own": lvs4j answers ARP, no VIP may be local
     * @param io           how frames are read and sent
     * @throws DirectorException when the NIC is missing, holds a VIP (mode own), or cannot be captured on
     */
    public static LiveDirector open(String iface, String privateIface, ServiceTable services,
                                    ConnectionTable connections, int tunnelSource, boolean kernelVip, IoMode io) {
        Capabilities.require("run");
        Nic nic = Nic.lookup(iface);
        for (int vip : services.addresses()) {
            if (!kernelVip && Nic.isLocalAddress(vip)) {
                throw new DirectorException("VIP " + Ipv4Address.toString(vip) + " is configured on this host;"
                        + " in VIP mode 'own' lvs4j answers ARP for it itself: remove it (ip addr del "
                        + Ipv4Address.toString(vip) + "/32 dev …)");
            }
        }
        warnIfForwarding();
        int outerSource = tunnelSource == -1 ? nic.address() : tunnelSource;
        TunnelSource.require(services, outerSource, iface + " has no IPv4 address; give one with --tun-source IP");
        // one capture thread polls both NICs of LVS-NAT through libpcap's selectable descriptors
        IoMode mode = privateIface == null ? io : io.withSecondNic();
        FramePort port = mode.open(iface, nic.mac(), nic.mtu() + PcapPort.FRAME_OVERHEAD);
        Director director = new Director(nic, port, services, connections, !kernelVip, false, outerSource);
        CaptureLoop loop = new CaptureLoop(port, director);
        NatSide nat;
        try {
            if (iface.equals(privateIface)) {
                throw new DirectorException("-i " + iface + " is given twice: the second -i names the private NIC"
                        + " of the NAT real servers, another one");
            }
            nat = NatSide.open(privateIface);
        } catch (RuntimeException e) {
            port.close();
            throw e;
        }
        KernelVipGuard guard;
        try {
            nat.attach(director, loop);
            loop.prepare();
            guard = kernelVip ? KernelVipGuard.install(services) : null;
        } catch (RuntimeException e) {
            nat.close();
            port.close();
            throw e;
        }
        return new LiveDirector(nic, port, director, loop, nat, guard);
    }

    /**
     * Runs {@code action} on the capture thread ({@link CaptureLoop#onDatapath}); in VIP mode
     * kernel the guard then follows the services it may have added or removed.
     */
    public <T> T onDatapath(Function<Director, T> action) throws Exception {
        if (guard == null) {
            return loop.onDatapath(action);
        }
        // one caller at a time, so the table follows the edits in the order the datapath made them
        synchronized (guard) {
            List<List<String>> rules = new ArrayList<>(1);
            try {
                return loop.onDatapath(d -> {
                    try {
                        return action.apply(d);
                    } finally {
                        rules.add(KernelVipGuard.rules(d.services()));
                    }
                });
            } finally {
                if (!rules.isEmpty()) {
                    guard.update(rules.get(0));
                }
            }
        }
    }

    /** The capture loop, for the control plane's actions on the datapath thread. */
    public CaptureLoop loop() {
        return loop;
    }

    /**
     * Healthy enough to be announced (ECMP scale-out, {@link AnnounceLink}): the capture thread
     * runs and answers, and some service has a real server that can take new connections.
     */
    public boolean forwarding() {
        if (!capture.isAlive()) {
            return false;
        }
        try {
            return loop.onDatapath(d -> d.services().services().stream()
                    .anyMatch(svc -> svc.servers().stream()
                            .anyMatch(rs -> rs.weight() > 0 && !rs.removed() && !rs.unavailable())));
        } catch (Exception e) {
            return false;
        }
    }

    /** Frees the NIC when the director will not run after all. */
    public void abandon() {
        nat.close();
        closeGuard();
        port.close();
    }

    private void closeGuard() {
        if (guard != null) {
            try {
                guard.close();
            } catch (RuntimeException e) {
                LOG.warn("removing the nftables guard (table ip {}): {}", KernelVipGuard.TABLE, e.getMessage());
            }
        }
    }

    /**
     * Directs until SIGINT or SIGTERM, then runs {@code beforeStop} (close the control side),
     * stops the capture thread and prints {@code summary(elapsedMillis)}.
     */
    public void runUntilSignalled(Runnable beforeStop, Summary summary) {
        long started = System.currentTimeMillis();
        LOG.info("directing on {} ({} {}): {} service(s), VIP mode {}; Ctrl-C stops",
                nic.name(), MacAddress.toString(nic.mac()), Ipv4Address.toString(nic.address()),
                director.services().services().size(),
                guard == null ? "own" : "kernel (nftables guard: table ip " + KernelVipGuard.TABLE + ")");
        SignalledThread.runUntilSignalled(capture, () -> {
            beforeStop.run();
            loop.stop();
        }, 2_000, stopped -> {
            closeGuard();
            System.out.print(summary.text(director, port.kernelDrops(), System.currentTimeMillis() - started));
            System.out.flush();
            if (stopped) {
                nat.close();
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
