package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.RateEstimator;
import io.lvs4j.control.ipvsadm.IpvsadmCommand.ListOption;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Stats;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.Collection;
import java.util.Set;

/**
 * The service table as ipvsadm 1.31 lists it (-L, -l), byte for byte: the same header and title
 * lines, column widths, trailing spaces, number scaling and order, so scripts that parse
 * ipvsadm's output (awk 'NR>3', cut -c) keep working.
 *
 * <p>Addresses are always printed numerically, with or without -n: lvs4j does no DNS or
 * /etc/services lookups for output (ipvsadm without -n would print host and port names).
 */
final class ListFormatter {
    /** What `ipvsadm -L` reports of the kernel: IPVS 1.2.1 and the default connection hash size. */
    static final String HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n";

    private ListFormatter() {
    }

    /** -L of the whole table: the version line, the titles, every service with its servers. */
    static String listAll(Collection<VirtualService> services, Set<ListOption> options, RateEstimator rates) {
        StringBuilder out = new StringBuilder(HEADER);
        title(out, options);
        for (VirtualService svc : IpvsadmOrder.services(services, !options.contains(ListOption.NOSORT))) {
            service(out, svc, options, rates);
        }
        return out.toString();
    }

    /** -L -t/-u of one service: titles and that service, without the version line (as ipvsadm). */
    static String listOne(VirtualService svc, Set<ListOption> options, RateEstimator rates) {
        StringBuilder out = new StringBuilder();
        title(out, options);
        service(out, svc, options, rates);
        return out.toString();
    }

    /** -L --timeout. */
    static String timeouts(Timeouts t) {
        return "Timeout (tcp tcpfin udp): " + t.tcp() + " " + t.tcpFin() + " " + t.udp() + "\n";
    }

    private static void title(StringBuilder out, Set<ListOption> o) {
        String second = "  -> RemoteAddress:Port\n";
        if (o.contains(ListOption.STATS)) {
            out.append(String.format("%-33s %8s %8s %8s %8s %8s\n", "Prot LocalAddress:Port",
                    "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes")).append(second);
        } else if (o.contains(ListOption.RATE)) {
            out.append(String.format("%-33s %8s %8s %8s %8s %8s\n", "Prot LocalAddress:Port",
                    "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS")).append(second);
        } else if (o.contains(ListOption.THRESHOLDS)) {
            out.append(String.format("%-33s %-10s %-10s %-10s %-10s\n", "Prot LocalAddress:Port",
                    "Uthreshold", "Lthreshold", "ActiveConn", "InActConn")).append(second);
        } else if (o.contains(ListOption.PERSISTENT_CONN)) {
            out.append(String.format("%-33s %-9s %-11s %-10s %-10s\n", "Prot LocalAddress:Port",
                    "Weight", "PersistConn", "ActiveConn", "InActConn")).append(second);
        } else if (o.contains(ListOption.TUN_INFO)) {
            out.append("Prot LocalAddress:Port Scheduler Flags\n")
                    .append("  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
        } else {
            out.append("Prot LocalAddress:Port Scheduler Flags\n")
                    .append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        }
    }

    private static void service(StringBuilder out, VirtualService svc, Set<ListOption> o, RateEstimator rates) {
        String name = String.format("%-4s %s", svc.protocol().name(), address(svc.address(), svc.port()));
        boolean exact = o.contains(ListOption.EXACT);
        if (o.contains(ListOption.STATS)) {
            Stats s = svc.stats();
            out.append(String.format("%-33s", name)).append(largeNumber(s.connections, exact))
                    .append(largeNumber(s.inPackets, exact)).append(largeNumber(s.outPackets, exact))
                    .append(largeNumber(s.inBytes, exact)).append(largeNumber(s.outBytes, exact));
        } else if (o.contains(ListOption.RATE)) {
            RateEstimator.Rate r = rates.rate(svc.stats());
            out.append(String.format("%-33s", name)).append(largeNumber(r.cps(), exact))
                    .append(largeNumber(r.inPps(), exact)).append(largeNumber(r.outPps(), exact))
                    .append(largeNumber(r.inBps(), exact)).append(largeNumber(r.outBps(), exact));
        } else {
            out.append(name).append(' ').append(svc.scheduler().name());
            String flags = SchedulerFlagNames.format(svc.scheduler().name(), svc.schedulerFlags());
            if (!flags.isEmpty()) {
                out.append(" (").append(flags).append(')');
            }
            if (svc.persistenceSeconds() > 0) {
                out.append(" persistent ").append(svc.persistenceSeconds());
                if (svc.persistenceNetmask() != IpvsadmCommand.NO_NETMASK) {
                    out.append(" mask ").append(Ipv4Text.format(svc.persistenceNetmask()));
                }
            }
        }
        out.append('\n');
        for (RealServer rs : IpvsadmOrder.servers(svc.servers(), !o.contains(ListOption.NOSORT))) {
            server(out, rs, o, rates);
        }
    }

    private static void server(StringBuilder out, RealServer rs, Set<ListOption> o, RateEstimator rates) {
        String name = address(rs.address(), rs.port());
        String forward = MethodNames.listName(rs.method());
        boolean exact = o.contains(ListOption.EXACT);
        if (o.contains(ListOption.STATS)) {
            Stats s = rs.stats();
            out.append(String.format("  -> %-28s", name)).append(largeNumber(s.connections, exact))
                    .append(largeNumber(s.inPackets, exact)).append(largeNumber(s.outPackets, exact))
                    .append(largeNumber(s.inBytes, exact)).append(largeNumber(s.outBytes, exact)).append('\n');
        } else if (o.contains(ListOption.RATE)) {
            RateEstimator.Rate r = rates.rate(rs.stats());
            // ipvsadm prints the three per-second counts unscaled here, and scales only the byte rates
            out.append(String.format("  -> %-28s %8d %8d %8d", name, r.cps(), r.inPps(), r.outPps()))
                    .append(largeNumber(r.inBps(), exact)).append(largeNumber(r.outBps(), exact)).append('\n');
        } else if (o.contains(ListOption.THRESHOLDS)) {
            out.append(String.format("  -> %-28s %-10d %-10d %-10d %-10d\n", name, rs.upperThreshold(),
                    rs.lowerThreshold(), rs.activeConnections(), rs.inactiveConnections()));
        } else if (o.contains(ListOption.PERSISTENT_CONN)) {
            out.append(String.format("  -> %-28s %-9d %-11d %-10d %-10d\n", name, rs.weight(),
                    rs.persistentConnections(), rs.activeConnections(), rs.inactiveConnections()));
        } else if (o.contains(ListOption.TUN_INFO)) {
            String tunnel = rs.method() == ForwardingMethod.TUNNEL ? "ipip" : "n/a";
            out.append(String.format("  -> %-28s %-7s %-13s %-6d %-10d %-10d\n", name, forward,
                    tunnel, rs.weight(), rs.activeConnections(), rs.inactiveConnections()));
        } else {
            out.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d\n", name, forward,
                    rs.weight(), rs.activeConnections(), rs.inactiveConnections()));
        }
    }

    /** "10.0.0.1:80", numeric always (see the class comment). */
    static String address(int address, int port) {
        return Ipv4Text.format(address) + ":" + port;
    }

    /**
     * ipvsadm's print_largenum: 9 columns; from 100 million on, thousands (K), millions (M),
     * billions (G) or trillions (T) in 8 columns plus the letter; with --exact, the whole
     * number in at least 9 columns with one space before it.
     */
    static String largeNumber(long n, boolean exact) {
        String digits = Long.toUnsignedString(n);
        if (exact) {
            int width = digits.length() <= 8 ? 9 : digits.length() + 1;
            return " ".repeat(width - digits.length()) + digits;
        }
        if (Long.compareUnsigned(n, 100_000_000L) < 0) {
            return String.format("%9s", digits);
        }
        if (Long.compareUnsigned(n, 1_000_000_000L) < 0) {
            return String.format("%8sK", Long.toUnsignedString(Long.divideUnsigned(n, 1_000L)));
        }
        if (Long.compareUnsigned(n, 100_000_000_000L) < 0) {
            return String.format("%8sM", Long.toUnsignedString(Long.divideUnsigned(n, 1_000_000L)));
        }
        if (Long.compareUnsigned(n, 100_000_000_000_000L) < 0) {
            return String.format("%8sG", Long.toUnsignedString(Long.divideUnsigned(n, 1_000_000_000L)));
        }
        return String.format("%8sT", Long.toUnsignedString(Long.divideUnsigned(n, 1_000_000_000_000L)));
    }
}
