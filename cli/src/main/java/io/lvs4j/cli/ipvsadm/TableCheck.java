package io.lvs4j.cli.ipvsadm;

import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A dry run of table commands: which services and servers would exist, command after command,
 * with the refusals the kernel would give ("Service not defined", …). Run over every command
 * before the first one touches the real table, it makes a command — or a whole rules file —
 * all or nothing. It copies only keys, never the model objects.
 */
final class TableCheck {
    private final Map<ServiceId, Set<ServerId>> services = new HashMap<>();

    TableCheck(ServiceTable table) {
        for (VirtualService svc : table.services()) {
            Set<ServerId> servers = new HashSet<>();
            for (RealServer rs : svc.servers()) {
                servers.add(new ServerId(rs.address(), rs.port()));
            }
            services.put(new ServiceId(svc.protocol(), svc.address(), svc.port()), servers);
        }
    }

    /** Checks one command against the table as the previous ones left it, then records its effect. */
    void check(IpvsadmCommand c) {
        Set<ServerId> servers = c.service() == null ? null : services.get(c.service());
        switch (c.kind()) {
            case ADD_SERVICE:
                if (servers != null) {
                    throw KernelErrors.refused(KernelErrors.SERVICE_EXISTS);
                }
                requireScheduler(c);
                services.put(c.service(), new HashSet<>());
                break;
            case EDIT_SERVICE:
                requireService(servers, KernelErrors.NO_SUCH_SERVICE);
                requireScheduler(c);
                break;
            case DELETE_SERVICE:
                requireService(servers, KernelErrors.NO_SUCH_SERVICE);
                services.remove(c.service());
                break;
            case CLEAR:
                services.clear();
                break;
            case ADD_SERVER:
                requireService(servers, KernelErrors.SERVICE_NOT_DEFINED);
                requireThresholds(c);
                if (servers.contains(c.server())) {
                    throw KernelErrors.refused(KernelErrors.DESTINATION_EXISTS);
                }
                requireUnicast(c.server().address());
                servers.add(c.server());
                break;
            case EDIT_SERVER:
                requireService(servers, KernelErrors.SERVICE_NOT_DEFINED);
                requireThresholds(c);
                requireServer(servers, c.server());
                break;
            case DELETE_SERVER:
                requireService(servers, KernelErrors.SERVICE_NOT_DEFINED);
                requireServer(servers, c.server());
                servers.remove(c.server());
                break;
            case ZERO:
                if (c.service() != null) {
                    requireService(servers, KernelErrors.NO_SUCH_SERVICE);
                }
                break;
            case SET_TIMEOUTS:
                break;
            default:
                throw new IllegalArgumentException(c.kind().option() + " does not change the table");
        }
    }

    private static void requireService(Set<ServerId> servers, String message) {
        if (servers == null) {
            throw KernelErrors.refused(message);
        }
    }

    private static void requireServer(Set<ServerId> servers, ServerId server) {
        if (!servers.contains(server)) {
            throw KernelErrors.refused(KernelErrors.NO_SUCH_DESTINATION);
        }
    }

    private static void requireScheduler(IpvsadmCommand c) {
        if (!Schedulers.NAMES.contains(c.scheduler())) {
            throw KernelErrors.refused(KernelErrors.NO_SCHEDULER);
        }
    }

    /** ip_vs_add_dest / ip_vs_edit_dest: ERANGE when the lower threshold is above the upper one. */
    private static void requireThresholds(IpvsadmCommand c) {
        if (Integer.toUnsignedLong(c.lowerThreshold()) > Integer.toUnsignedLong(c.upperThreshold())) {
            throw KernelErrors.refused(KernelErrors.OUT_OF_RANGE);
        }
    }

    /** ip_vs_new_dest: EINVAL for 0.x.x.x, multicast and the limited broadcast address. */
    private static void requireUnicast(int address) {
        int first = address >>> 24;
        if (first == 0 || (first & 0xF0) == 0xE0 || address == 0xFFFFFFFF) {
            throw KernelErrors.refused(KernelErrors.INVALID);
        }
    }
}
