package io.lvs4j.control;

import io.lvs4j.control.TableChange.AddServer;
import io.lvs4j.control.TableChange.AddService;
import io.lvs4j.control.TableChange.Clear;
import io.lvs4j.control.TableChange.DeleteServer;
import io.lvs4j.control.TableChange.DeleteService;
import io.lvs4j.control.TableChange.EditServer;
import io.lvs4j.control.TableChange.EditService;
import io.lvs4j.control.TableChange.SetTimeouts;
import io.lvs4j.control.TableChange.SetWeight;
import io.lvs4j.control.TableChange.Zero;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A dry run of table changes: which services and servers would exist, change after change, with
 * the refusals the kernel would give ("Service not defined", …). Run over every change before
 * the first one touches the real table, it makes a change — or a whole batch — all or nothing.
 * It copies only keys, never the model objects.
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

    /**
     * Checks one change against the table as the previous ones left it, then records its effect.
     *
     * @return why the change would be refused, or null when it would be applied
     */
    Refusal check(TableChange change) {
        if (change instanceof AddService c) {
            if (services.containsKey(c.service())) {
                return Refusal.SERVICE_EXISTS;
            }
            Refusal bad = settings(c.service(), c.settings());
            if (bad == null) {
                services.put(c.service(), new HashSet<>());
            }
            return bad;
        } else if (change instanceof EditService c) {
            return !services.containsKey(c.service()) ? Refusal.NO_SUCH_SERVICE : settings(c.service(), c.settings());
        } else if (change instanceof DeleteService c) {
            return services.remove(c.service()) == null ? Refusal.NO_SUCH_SERVICE : null;
        } else if (change instanceof Clear) {
            services.clear();
            return null;
        } else if (change instanceof AddServer c) {
            Set<ServerId> servers = services.get(c.service());
            Refusal bad = servers == null ? Refusal.SERVICE_NOT_DEFINED : settings(c.settings());
            if (bad == null && servers.contains(c.server())) {
                bad = Refusal.DESTINATION_EXISTS;
            }
            if (bad == null && !isUnicast(c.server().address())) {
                bad = Refusal.INVALID;
            }
            if (bad == null) {
                servers.add(c.server());
            }
            return bad;
        } else if (change instanceof EditServer c) {
            Set<ServerId> servers = services.get(c.service());
            Refusal bad = servers == null ? Refusal.SERVICE_NOT_DEFINED : settings(c.settings());
            return bad == null && !servers.contains(c.server()) ? Refusal.NO_SUCH_DESTINATION : bad;
        } else if (change instanceof SetWeight c) {
            Set<ServerId> servers = services.get(c.service());
            Refusal bad = servers == null ? Refusal.SERVICE_NOT_DEFINED : weight(c.weight());
            return bad == null && !servers.contains(c.server()) ? Refusal.NO_SUCH_DESTINATION : bad;
        } else if (change instanceof DeleteServer c) {
            Set<ServerId> servers = services.get(c.service());
            if (servers == null) {
                return Refusal.SERVICE_NOT_DEFINED;
            }
            return servers.remove(c.server()) ? null : Refusal.NO_SUCH_DESTINATION;
        } else if (change instanceof Zero c) {
            return c.service() != null && !services.containsKey(c.service()) ? Refusal.NO_SUCH_SERVICE : null;
        } else if (change instanceof SetTimeouts c) {
            return c.tcp() < 0 || c.tcpFin() < 0 || c.udp() < 0 ? Refusal.OUT_OF_RANGE : null;
        }
        throw new IllegalArgumentException("not a table change: " + change);
    }

    /** A known scheduler; persistence for a port-0 service (it takes every port of the VIP). */
    private static Refusal settings(ServiceId service, ServiceSettings s) {
        if (!Schedulers.NAMES.contains(s.scheduler())) {
            return Refusal.NO_SCHEDULER;
        }
        if (s.persistenceSeconds() < 0 || (service.port() == 0 && s.persistenceSeconds() == 0)) {
            return Refusal.INVALID;
        }
        return null;
    }

    /** ip_vs_add_dest / ip_vs_edit_dest: ERANGE when the lower threshold is above the upper one. */
    private static Refusal settings(ServerSettings s) {
        if (Integer.toUnsignedLong(s.lowerThreshold()) > Integer.toUnsignedLong(s.upperThreshold())) {
            return Refusal.OUT_OF_RANGE;
        }
        return weight(s.weight());
    }

    private static Refusal weight(int weight) {
        return weight < 0 || weight > RealServer.MAX_WEIGHT ? Refusal.OUT_OF_RANGE : null;
    }

    /** ip_vs_new_dest: EINVAL for 0.x.x.x, multicast and the limited broadcast address. */
    private static boolean isUnicast(int address) {
        int first = address >>> 24;
        return first != 0 && (first & 0xF0) != 0xE0 && address != 0xFFFFFFFF;
    }
}
