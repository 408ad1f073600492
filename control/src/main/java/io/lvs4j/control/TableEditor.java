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
import io.lvs4j.scheduler.Scheduler;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies table changes to the live model, all or nothing: every change of a batch is first
 * checked by {@link TableCheck}; only when all pass is anything changed. Runs on the thread that
 * owns the tables (the datapath's), like every other access to them.
 *
 * <p>Flows keep their server across edits: adding, editing or draining (weight 0) servers never
 * touches existing connections; a deleted server's connections are dropped on their next packet
 * by the connection table (IPVS with expire_nodest_conn=1), unless the deletion keeps its flows.
 */
final class TableEditor {
    private TableEditor() {
    }

    /**
     * Checks every change against the table as the changes before it would leave it, then
     * applies them all.
     *
     * @param rates the estimator whose figures a {@link Zero} restarts
     * @throws TableException naming the first change that would be refused (nothing has changed)
     */
    static void apply(List<? extends TableChange> changes, Tables tables, RateEstimator rates) {
        TableCheck check = new TableCheck(tables.services());
        for (int i = 0; i < changes.size(); i++) {
            Refusal refusal = check.check(changes.get(i));
            if (refusal != null) {
                throw new TableException(refusal, i);
            }
        }
        for (TableChange change : changes) {
            execute(change, tables, rates);
        }
    }

    private static void execute(TableChange change, Tables tables, RateEstimator rates) {
        ServiceTable table = tables.services();
        if (change instanceof AddService c) {
            ServiceSettings s = c.settings();
            table.add(new VirtualService(c.service().protocol(), c.service().address(), c.service().port(),
                    scheduler(s), s.schedulerFlags(), s.persistenceSeconds(), s.persistenceNetmask()));
        } else if (change instanceof EditService c) {
            VirtualService svc = tables.service(c.service());
            ServiceSettings s = c.settings();
            // the kernel keeps the bound scheduler (and its state) when the same one is named again
            boolean same = svc.scheduler().name().equals(s.scheduler()) && svc.schedulerFlags() == s.schedulerFlags();
            svc.edit(same ? svc.scheduler() : scheduler(s), s.schedulerFlags(), s.persistenceSeconds(),
                    s.persistenceNetmask());
        } else if (change instanceof DeleteService c) {
            table.remove(tables.service(c.service()));
        } else if (change instanceof Clear) {
            for (VirtualService s : new ArrayList<>(table.services())) {
                table.remove(s);
            }
        } else if (change instanceof AddServer c) {
            ServerSettings s = c.settings();
            tables.service(c.service()).addServer(c.server().address(), c.server().port(), s.method(), s.weight(),
                    s.upperThreshold(), s.lowerThreshold());
        } else if (change instanceof EditServer c) {
            edit(tables.service(c.service()), c.server(), c.settings());
        } else if (change instanceof SetWeight c) {
            RealServer rs = tables.service(c.service()).server(c.server().address(), c.server().port());
            edit(rs.service(), c.server(),
                    new ServerSettings(rs.method(), c.weight(), rs.upperThreshold(), rs.lowerThreshold()));
        } else if (change instanceof DeleteServer c) {
            VirtualService svc = tables.service(c.service());
            svc.removeServer(svc.server(c.server().address(), c.server().port()), c.keepFlows());
        } else if (change instanceof Zero c) {
            for (VirtualService s : c.service() != null ? List.of(tables.service(c.service())) : table.services()) {
                zero(s, rates);
            }
        } else if (change instanceof SetTimeouts c) {
            tables.timeouts().set(c.tcp(), c.tcpFin(), c.udp());
        }
    }

    private static void edit(VirtualService svc, ServerId server, ServerSettings s) {
        svc.editServer(svc.server(server.address(), server.port()), s.method(), s.weight(), s.upperThreshold(),
                s.lowerThreshold());
    }

    private static Scheduler scheduler(ServiceSettings s) {
        return Schedulers.create(s.scheduler(), SchedulerFlags.of(s.scheduler(), s.schedulerFlags()));
    }

    private static void zero(VirtualService svc, RateEstimator rates) {
        svc.stats().zero();
        rates.zero(svc.stats());
        for (RealServer rs : svc.servers()) {
            rs.stats().zero();
            rates.zero(rs.stats());
        }
    }
}
