package io.lvs4j.control.health;

import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServerSettings;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.ServiceState;
import io.lvs4j.control.ServiceState.ServerState;
import io.lvs4j.control.TableChange;
import io.lvs4j.control.TableChange.AddServer;
import io.lvs4j.control.TableChange.AddService;
import io.lvs4j.control.TableChange.DeleteServer;
import io.lvs4j.control.TableChange.DeleteService;
import io.lvs4j.control.TableChange.EditServer;
import io.lvs4j.control.TableChange.EditService;
import io.lvs4j.control.TableChange.SetWeight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fewest changes that turn the table as it stands into the desired one: services and servers
 * that are already right are not touched, so they keep their connections, counters and scheduler
 * state; a server whose weight alone differs gets a {@link SetWeight}.
 */
final class TableDiff {
    private TableDiff() {
    }

    /**
     * @param actual  the table now ({@code ControlPlane.services()})
     * @param owned   services the configuration managed so far: deleted when no longer desired
     * @param desired every service the configuration wants now
     * @param keepFlows whether a server that goes keeps its established flows ({@link DeleteServer#keepFlows})
     */
    static List<TableChange> changes(List<ServiceState> actual, Set<ServiceId> owned,
                                     List<DesiredTable.Service> desired, boolean keepFlows) {
        Map<ServiceId, ServiceState> now = new HashMap<>();
        for (ServiceState s : actual) {
            now.put(s.id(), s);
        }
        Set<ServiceId> wanted = new HashSet<>();
        for (DesiredTable.Service d : desired) {
            wanted.add(d.id());
        }
        List<TableChange> out = new ArrayList<>();
        for (ServiceState s : actual) {
            if (owned.contains(s.id()) && !wanted.contains(s.id())) {
                out.add(new DeleteService(s.id()));
            }
        }
        for (DesiredTable.Service d : desired) {
            ServiceState s = now.get(d.id());
            if (s == null) {
                out.add(new AddService(d.id(), d.settings()));
                d.servers().forEach((id, settings) -> out.add(new AddServer(d.id(), id, settings)));
            } else {
                servers(s, d, keepFlows, out);
            }
        }
        return out;
    }

    private static void servers(ServiceState s, DesiredTable.Service d, boolean keepFlows, List<TableChange> out) {
        if (!s.settings().equals(d.settings())) {
            out.add(new EditService(d.id(), d.settings()));
        }
        Map<ServerId, ServerSettings> now = new HashMap<>();
        for (ServerState rs : s.servers()) {
            now.put(rs.id(), rs.settings());
            if (!d.servers().containsKey(rs.id())) {
                out.add(new DeleteServer(d.id(), rs.id(), keepFlows));
            }
        }
        d.servers().forEach((id, want) -> {
            ServerSettings have = now.get(id);
            if (have == null) {
                out.add(new AddServer(d.id(), id, want));
            } else if (have.equals(new ServerSettings(want.method(), have.weight(), want.upperThreshold(),
                    want.lowerThreshold()))) {
                if (have.weight() != want.weight()) {
                    out.add(new SetWeight(d.id(), id, want.weight()));
                }
            } else {
                out.add(new EditServer(d.id(), id, want));
            }
        });
    }
}
