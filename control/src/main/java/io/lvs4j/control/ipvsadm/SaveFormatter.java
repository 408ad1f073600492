package io.lvs4j.control.ipvsadm;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.VirtualService;
import java.util.Collection;

/**
 * ipvsadm -S: the table as the commands that rebuild it, one per line, no header, in ipvsadm's
 * sorted order and spelling — exactly what {@link RulesFile} reads back. As in ipvsadm, the
 * thresholds (-x/-y) are not written, and a tunnelling server carries "--tun-type ipip".
 * Addresses are numeric with or without -n (lvs4j does no name lookups for output).
 */
final class SaveFormatter {
    private SaveFormatter() {
    }

    static String save(Collection<VirtualService> services) {
        StringBuilder out = new StringBuilder();
        for (VirtualService svc : IpvsadmOrder.services(services, true)) {
            String name = svc.protocol().ipvsadmOption() + " " + ListFormatter.address(svc.address(), svc.port());
            out.append("-A ").append(name).append(" -s ").append(svc.scheduler().name());
            if (svc.persistenceSeconds() > 0) {
                out.append(" -p ").append(svc.persistenceSeconds());
                if (svc.persistenceNetmask() != IpvsadmCommand.NO_NETMASK) {
                    out.append(" -M ").append(Ipv4Text.format(svc.persistenceNetmask()));
                }
            }
            if (svc.schedulerFlags() != 0) {
                out.append(" -b ").append(SchedulerFlagNames.format(svc.scheduler().name(), svc.schedulerFlags()));
            }
            out.append('\n');
            for (RealServer rs : IpvsadmOrder.servers(svc.servers(), true)) {
                out.append("-a ").append(name).append(" -r ").append(ListFormatter.address(rs.address(), rs.port()))
                        .append(' ').append(MethodNames.option(rs.method())).append(" -w ").append(rs.weight());
                if (rs.method() == ForwardingMethod.TUNNEL) {
                    out.append(" --tun-type ipip");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
