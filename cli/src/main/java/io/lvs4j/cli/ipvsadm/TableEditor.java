package io.lvs4j.cli.ipvsadm;

import io.lvs4j.cli.ipvsadm.IpvsadmCommand.Kind;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Scheduler;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies table commands (-A -E -D -C -a -e -d -Z --set) to the live model, all or nothing: every
 * command is first checked by {@link TableCheck}; only when all pass is anything changed. Runs on
 * the thread that owns the tables (the datapath's), like every other access to them.
 *
 * <p>Flows keep their server across edits: adding, editing or draining (weight 0) servers never
 * touches existing connections; a removed server's connections are dropped on their next packet
 * by the connection table (IPVS with expire_nodest_conn=0).
 */
public final class TableEditor {
    private TableEditor() {
    }

    /**
     * Applies one command.
     *
     * @param rates the estimator whose figures -Z restarts, or null
     * @throws IpvsadmException with ipvsadm's message (nothing has changed)
     */
    public static void apply(IpvsadmCommand command, ServiceTable services, Timeouts timeouts, RateEstimator rates) {
        new TableCheck(services).check(command);
        execute(command, services, timeouts, rates);
    }

    /**
     * Applies a whole rules file (ipvsadm -R, run -f): checks every line against the table as the
     * lines before it would leave it, then applies them all.
     *
     * @throws RulesFileException naming the first line that would be refused (nothing has changed)
     */
    public static void apply(RulesFile rules, ServiceTable services, Timeouts timeouts, RateEstimator rates) {
        TableCheck check = new TableCheck(services);
        for (RulesFile.Rule rule : rules.rules()) {
            try {
                check.check(rule.command());
            } catch (IpvsadmException e) {
                throw new RulesFileException(rules.name(), rule.line(), e.getMessage(), e.exitCode());
            }
        }
        for (RulesFile.Rule rule : rules.rules()) {
            execute(rule.command(), services, timeouts, rates);
        }
    }

    private static void execute(IpvsadmCommand c, ServiceTable table, Timeouts timeouts, RateEstimator rates) {
        VirtualService svc = c.service() == null ? null : find(table, c.service());
        switch (c.kind()) {
            case ADD_SERVICE: {
                Scheduler scheduler = scheduler(c);
                table.add(new VirtualService(c.service().protocol(), c.service().address(), c.service().port(),
                        scheduler, c.persistence(), c.netmask()));
                break;
            }
            case EDIT_SERVICE: {
                // the kernel keeps the bound scheduler (and its state) when the same one is named again
                boolean same = svc.scheduler().name().equals(c.scheduler())
                        && ServiceFlags.bits(svc) == c.schedulerFlags();
                svc.edit(same ? svc.scheduler() : scheduler(c), c.persistence(), c.netmask());
                break;
            }
            case DELETE_SERVICE:
                table.remove(svc);
                break;
            case CLEAR:
                for (VirtualService s : new ArrayList<>(table.services())) {
                    table.remove(s);
                }
                break;
            case ADD_SERVER:
                svc.addServer(c.server().address(), c.server().port(), c.method(), c.weight(),
                        c.upperThreshold(), c.lowerThreshold());
                break;
            case EDIT_SERVER:
                svc.editServer(svc.server(c.server().address(), c.server().port()), c.method(), c.weight(),
                        c.upperThreshold(), c.lowerThreshold());
                break;
            case DELETE_SERVER:
                svc.removeServer(svc.server(c.server().address(), c.server().port()));
                break;
            case ZERO:
                for (VirtualService s : svc != null ? List.of(svc) : table.services()) {
                    zero(s, rates);
                }
                break;
            case SET_TIMEOUTS:
                timeouts.set(c.tcpTimeout(), c.tcpFinTimeout(), c.udpTimeout());
                break;
            default:
                throw new IllegalArgumentException(c.kind().option() + " does not change the table");
        }
    }

    /** The service exactly as named (ServiceTable.find would fall back to the VIP's port-0 service). */
    static VirtualService find(ServiceTable table, ServiceId id) {
        VirtualService svc = table.find(id.protocol(), id.address(), id.port());
        return svc != null && svc.port() == id.port() ? svc : null;
    }

    private static Scheduler scheduler(IpvsadmCommand c) {
        Scheduler s = Schedulers.create(c.scheduler(), ServiceFlags.forScheduler(c.scheduler(), c.schedulerFlags()));
        ServiceFlags.remember(s, c.schedulerFlags());
        return s;
    }

    private static void zero(VirtualService svc, RateEstimator rates) {
        svc.stats().zero();
        if (rates != null) {
            rates.zero(svc.stats());
        }
        for (RealServer rs : svc.servers()) {
            rs.stats().zero();
            if (rates != null) {
                rates.zero(rs.stats());
            }
        }
    }

    /** True for the commands this class applies. */
    static boolean edits(Kind kind) {
        return switch (kind) {
            case ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, CLEAR, ADD_SERVER, EDIT_SERVER, DELETE_SERVER, ZERO,
                    SET_TIMEOUTS -> true;
            default -> false;
        };
    }
}
