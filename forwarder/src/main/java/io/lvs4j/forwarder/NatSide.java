package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LVS-NAT's live plumbing: the private NIC of a two-NIC director (its pcap handle, read by the
 * public NIC's capture thread), and the nftables guard that keeps the director's kernel off the
 * NAT'ed flows, installed when the first NAT server appears and removed at exit.
 */
final class NatSide implements AutoCloseable {
    static final String GUARD_TABLE = "lvs4j_nat";
    private static final Logger LOG = LoggerFactory.getLogger(NatSide.class);

    private final Nic privateNic;
    private final PcapPort privatePort;
    private NftGuard guard;
    private boolean complained;

    private NatSide(Nic privateNic, PcapPort privatePort) {
        this.privateNic = privateNic;
        this.privatePort = privatePort;
    }

    /** Opens the private NIC, if any ({@code iface} null: one NIC serves both sides). */
    static NatSide open(String iface) {
        if (iface == null) {
            return new NatSide(null, null);
        }
        Nic nic = Nic.lookup(iface);
        if (nic.address() == 0) {
            throw new DirectorException("private interface '" + iface + "' has no IPv4 address: give it the"
                    + " address the real servers use as their default gateway");
        }
        try {
            return new NatSide(nic, PcapPort.open(iface, nic.mtu() + PcapPort.FRAME_OVERHEAD));
        } catch (Exception e) {
            throw new DirectorException("cannot open " + iface + " for capture: " + e.getMessage(), e);
        }
    }

    /** Wires the private NIC and the guard into the director; before the loop's prepare. */
    void attach(Director director, CaptureLoop loop) {
        if (privatePort != null) {
            director.nat().privateSide(privateNic, privatePort);
            loop.privatePort(privatePort);
            LOG.info("NAT: real servers behind {} ({})", privateNic.name(),
                    io.lvs4j.packet.Ipv4Address.toString(privateNic.address()));
        }
        director.nat().guard(this::guard);
    }

    /**
     * The guard's nft rules for the table's NAT servers: the VIPs of services with one (no RST
     * nor forwarding by the kernel) and each server's packets that are not for this host (no
     * second, unrewritten copy when ip_forward=1; the director's own health checks pass).
     */
    static List<String> guardRules(ServiceTable services) {
        List<String> vips = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        for (VirtualService svc : services.services()) {
            for (RealServer rs : svc.servers()) {
                if (rs.method() != ForwardingMethod.MASQ) {
                    continue;
                }
                String vip = "ip daddr " + Ipv4Address.toString(svc.address()) + " drop";
                String server = "ip saddr " + Ipv4Address.toString(rs.address()) + " fib daddr type != local drop";
                if (!vips.contains(vip)) {
                    vips.add(vip);
                }
                if (!servers.contains(server)) {
                    servers.add(server);
                }
            }
        }
        vips.addAll(servers);
        return List.copyOf(vips);
    }

    /** Runs on the capture thread after a table edit that changed the NAT servers or their VIPs. */
    private void guard(List<String> rules) {
        try {
            if (guard == null) {
                if (!rules.isEmpty()) {
                    guard = NftGuard.install(GUARD_TABLE, rules);
                    LOG.info("NAT: nftables table ip {} keeps the kernel off NAT'ed packets ({} rules)",
                            GUARD_TABLE, rules.size());
                }
            } else {
                guard.replace(rules);
            }
        } catch (DirectorException | IllegalArgumentException e) {
            if (!complained) {
                complained = true;
                LOG.error("NAT: {}; the director's kernel may answer or forward NAT'ed packets itself", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (guard != null) {
            try {
                guard.close();
            } catch (DirectorException e) {
                LOG.warn("NAT: {}", e.getMessage());
            }
        }
        if (privatePort != null) {
            privatePort.close();
        }
    }
}
