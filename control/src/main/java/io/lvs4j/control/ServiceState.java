package io.lvs4j.control;

import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of one virtual service as it stood on the datapath thread: its settings, its servers in
 * list order and their counters. Safe to keep and read on any thread (health checks, metrics).
 */
public record ServiceState(ServiceId id, ServiceSettings settings, long connections, long inPackets,
                           long inBytes, List<ServerState> servers) {
    public ServiceState {
        servers = List.copyOf(servers);
    }

    /** One real server: settings, connection counts (the kernel's activeconns, inactconns, persistconns). */
    public record ServerState(ServerId id, ServerSettings settings, int activeConnections, int inactiveConnections,
                              int persistentConnections, long connections, long inPackets, long inBytes) {
    }

    /** Copies the service; call on the datapath thread. */
    static ServiceState of(VirtualService svc) {
        List<ServerState> servers = new ArrayList<>(svc.servers().size());
        for (RealServer rs : svc.servers()) {
            servers.add(new ServerState(new ServerId(rs.address(), rs.port()),
                    new ServerSettings(rs.method(), rs.weight(), rs.upperThreshold(), rs.lowerThreshold()),
                    rs.activeConnections(), rs.inactiveConnections(), rs.persistentConnections(),
                    rs.stats().connections, rs.stats().inPackets, rs.stats().inBytes));
        }
        return new ServiceState(new ServiceId(svc.protocol(), svc.address(), svc.port()),
                new ServiceSettings(svc.scheduler().name(), svc.schedulerFlags(), svc.persistenceSeconds(),
                        svc.persistenceNetmask()),
                svc.stats().connections, svc.stats().inPackets, svc.stats().inBytes, servers);
    }
}
