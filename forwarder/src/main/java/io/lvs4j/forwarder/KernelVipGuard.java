package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * VIP mode "kernel": the VIP is a local address on the NIC (keepalived's virtual_ipaddress, or an
 * {@code eth0:0} label), so the kernel answers ARP for it, and it would also answer the virtual
 * services' packets itself (a RST to every SYN). This guard drops exactly those packets (VIP,
 * protocol, port) at prerouting, raw priority, in an nftables table of lvs4j's own
 * ({@value #TABLE}; director-setup's VIP-wide guard is {@code ip lvs4j}), after pcap has seen them.
 * It follows the service table as ipvsadm and the health checks edit it, and goes on exit (a
 * table a crash left behind is replaced at the next start).
 *
 * <p>The rules do not depend on whether the VIP is on this NIC at the moment: on a VRRP backup the
 * address is absent and the LAN sends it nothing (ARP points at the master), so the rules match
 * nothing there, and they are already in place when keepalived moves the VIP here.
 */
public final class KernelVipGuard implements AutoCloseable {
    public static final String TABLE = "lvs4j_run";

    private final NftGuard guard;
    private List<String> installed;

    private KernelVipGuard(NftGuard guard, List<String> rules) {
        this.guard = guard;
        this.installed = rules;
    }

    /** Installs the guard for the services as they stand (replacing a stale table). */
    public static KernelVipGuard install(ServiceTable services) {
        List<String> rules = rules(services);
        return new KernelVipGuard(NftGuard.install(TABLE, rules), rules);
    }

    /** The rules for these services: one per (VIP, protocol, port), the whole protocol for a port-0 service. */
    static List<String> rules(ServiceTable services) {
        TreeSet<String> rules = new TreeSet<>();
        for (VirtualService svc : services.services()) {
            String proto = svc.protocol() == Protocol.TCP ? "tcp" : "udp";
            String daddr = "ip daddr " + Ipv4Address.toString(svc.address());
            rules.add(svc.port() == 0 ? daddr + " meta l4proto " + proto + " counter drop"
                    : daddr + " " + proto + " dport " + svc.port() + " counter drop");
        }
        return new ArrayList<>(rules);
    }

    /** Brings the table in step with {@code rules} (from {@link #rules}); nothing to do when they did not change. */
    public synchronized void update(List<String> rules) {
        if (!rules.equals(installed)) {
            guard.replace(rules);
            installed = rules;
        }
    }

    @Override
    public synchronized void close() {
        guard.close();
    }
}
