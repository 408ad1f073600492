package io.lvs4j.control.metrics;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.RateEstimator;
import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.health.CheckLoop;
import io.lvs4j.control.health.CheckState;
import io.lvs4j.control.health.CheckStatus;
import io.lvs4j.control.health.KeepalivedDirector;
import io.lvs4j.control.health.RealServerHealth;
import io.lvs4j.control.ipvsadm.MethodNames;
import io.lvs4j.control.keepalived.Endpoint;
import io.lvs4j.control.keepalived.VirtualServer;
import io.lvs4j.control.metrics.DirectorSnapshot.Check;
import io.lvs4j.control.metrics.DirectorSnapshot.Connections;
import io.lvs4j.control.metrics.DirectorSnapshot.Counters;
import io.lvs4j.control.metrics.DirectorSnapshot.Health;
import io.lvs4j.control.metrics.DirectorSnapshot.Server;
import io.lvs4j.control.metrics.DirectorSnapshot.Service;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Stats;
import io.lvs4j.scheduler.TableCounters;
import io.lvs4j.scheduler.VirtualService;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Takes {@link DirectorSnapshot}s: the tables and rates through {@link ControlPlane#read} (one
 * short action queued for the datapath thread, as ipvsadm -L is), the frame counters through
 * {@link Datapath}, the health from the checks' own state. Nothing here runs on the packet path.
 */
public final class SnapshotReader {
    /** The forwarder's frame counters, copied on its capture thread (the forwarder wires it). */
    @FunctionalInterface
    public interface Datapath {
        Map<String, Long> counters() throws Exception;
    }

    private final ControlPlane plane;
    private final Datapath datapath;
    private final KeepalivedDirector keepalived;
    private final Supplier<SyncStatus> sync;

    /**
     * @param keepalived the health checks, or null without them
     * @param sync       connection sync's state ({@code () -> SyncStatus.NONE} until sync exists)
     */
    public SnapshotReader(ControlPlane plane, Datapath datapath, KeepalivedDirector keepalived,
                          Supplier<SyncStatus> sync) {
        this.plane = plane;
        this.datapath = datapath;
        this.keepalived = keepalived;
        this.sync = sync;
    }

    public DirectorSnapshot read() throws Exception {
        record Tables(List<Service> services, Connections connections) {
        }
        Tables tables = plane.read((t, rates) -> {
            List<Service> services = new ArrayList<>();
            for (VirtualService svc : t.services().services()) {
                services.add(service(svc, rates));
            }
            return new Tables(services, connections(t.connections()));
        });
        return new DirectorSnapshot(System.currentTimeMillis(), tables.services(), tables.connections(),
                datapath.counters(), health(), sync.get());
    }

    private static Service service(VirtualService svc, RateEstimator rates) {
        List<Server> servers = new ArrayList<>(svc.servers().size());
        for (RealServer rs : svc.servers()) {
            servers.add(new Server(new ServerId(rs.address(), rs.port()), MethodNames.listName(rs.method()),
                    rs.weight(), rs.activeConnections(), rs.inactiveConnections(), counters(rs.stats(), rates)));
        }
        return new Service(new ServiceId(svc.protocol(), svc.address(), svc.port()), svc.scheduler().name(),
                counters(svc.stats(), rates), servers);
    }

    private static Counters counters(Stats s, RateEstimator rates) {
        return new Counters(s.connections, s.inPackets, s.outPackets, s.inBytes, s.outBytes, rates.rate(s));
    }

    private static Connections connections(ConnectionTable ct) {
        TableCounters c = ct.counters();
        return new Connections(ct.size(), ct.capacity(), c.underPressure(), c.pressureEpisodes(),
                c.evictedEmbryonic(), c.evictedInactive(), c.droppedNoDestination(), c.droppedNotSyn(),
                c.droppedTableFull(), c.droppedServerRemoved());
    }

    private List<Health> health() {
        if (keepalived == null) {
            return List.of();
        }
        List<Health> out = new ArrayList<>();
        for (RealServerHealth h : keepalived.servers()) {
            VirtualServer vs = h.key().virtualServer();
            List<ServiceId> services = new ArrayList<>();
            for (Endpoint e : vs.addresses()) {
                services.add(new ServiceId(vs.protocol(), address(e), e.port()));
            }
            List<Check> checks = new ArrayList<>();
            Instant lastChange = null;
            for (CheckLoop loop : h.checks()) {
                CheckStatus s = loop.status();
                checks.add(new Check(s.checker(), s.state() == CheckState.UP, s.lastReason(), s.lastChange()));
                lastChange = lastChange == null || s.lastChange().isAfter(lastChange) ? s.lastChange() : lastChange;
            }
            Endpoint rs = h.key().realServer().endpoint();
            out.add(new Health(services, new ServerId(address(rs), rs.port()), h.isUp(), h.weight(), lastChange,
                    checks));
        }
        return out;
    }

    private static int address(Endpoint e) {
        return ByteBuffer.wrap(e.address().getAddress()).getInt();
    }
}
