package io.lvs4j.control.metrics;

import io.lvs4j.control.ServiceId;
import io.lvs4j.control.metrics.DirectorSnapshot.Connections;
import io.lvs4j.control.metrics.DirectorSnapshot.Counters;
import io.lvs4j.control.metrics.DirectorSnapshot.Health;
import io.lvs4j.control.metrics.DirectorSnapshot.Server;
import io.lvs4j.control.metrics.DirectorSnapshot.Service;
import io.lvs4j.packet.Ipv4Address;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every metric from one {@link DirectorSnapshot} per scrape. The node_ipvs_* families carry
 * node_exporter's IPVS collector names, help and labels, so IPVS dashboards and alerts work
 * unchanged; lvs4j_* holds what IPVS does not export.
 */
public final class DirectorCollector implements MultiCollector {
    /** node_exporter's backend labels, in its order. */
    static final String[] BACKEND_LABELS = {"local_address", "local_port", "remote_address", "remote_port", "proto",
        "local_mark"};
    private static final Set<String> NOT_FRAME_OUTCOMES = Set.of("frames", "capture errors", "kernel drops");

    private static final Logger LOG = LoggerFactory.getLogger(DirectorCollector.class);

    private final Supplier<DirectorSnapshot> snapshots;

    /** @param snapshots one fresh snapshot per call */
    public DirectorCollector(Supplier<DirectorSnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * The families of one fresh snapshot and lvs4j_up 1; when the datapath cannot answer (the
     * director starting or stopping), lvs4j_up 0 alone: a scrape always gets an answer.
     */
    @Override
    public MetricSnapshots collect() {
        Families f;
        boolean up;
        try {
            f = families(snapshots.get());
            up = true;
        } catch (RuntimeException e) {
            LOG.debug("no snapshot for a scrape: {}", e.toString());
            f = new Families();
            up = false;
        }
        f.gauge("lvs4j_up", "1 when this scrape read the director's tables, 0 when the datapath did not answer.",
                Labels.EMPTY, up ? 1 : 0);
        return new MetricSnapshots(f.build());
    }

    static Families families(DirectorSnapshot s) {
        Families f = new Families();
        ipvs(s, f);
        connections(s.connections(), f);
        datapath(s.datapath(), f);
        health(s, f);
        f.gauge("lvs4j_sync_role", "Connection sync role of this director (1 for the current role: master, backup"
                + " or none).", Labels.of("role", s.sync().role()), 1);
        if (!Double.isNaN(s.sync().lagSeconds())) {
            f.gauge("lvs4j_sync_lag_seconds", "How far this backup's connection table is behind the master's.",
                    Labels.EMPTY, s.sync().lagSeconds());
        }
        return f;
    }

    /** node_exporter's totals (all services, as /proc/net/ip_vs_stats) and per-backend gauges. */
    private static void ipvs(DirectorSnapshot s, Families f) {
        long conns = 0, inPackets = 0, outPackets = 0, inBytes = 0, outBytes = 0;
        f.declare("node_ipvs_backend_connections_active", false, "The current active connections by local and remote address.");
        f.declare("node_ipvs_backend_connections_inactive", false, "The current inactive connections by local and remote address.");
        f.declare("node_ipvs_backend_weight", false, "The current backend weight by local and remote address.");
        for (Service svc : s.services()) {
            Counters c = svc.counters();
            conns += c.connections();
            inPackets += c.inPackets();
            outPackets += c.outPackets();
            inBytes += c.inBytes();
            outBytes += c.outBytes();
            for (Server rs : svc.servers()) {
                Labels l = backend(svc.id(), rs.id().address(), rs.id().port());
                f.gauge("node_ipvs_backend_connections_active", null, l, rs.activeConnections());
                f.gauge("node_ipvs_backend_connections_inactive", null, l, rs.inactiveConnections());
                f.gauge("node_ipvs_backend_weight", null, l, rs.weight());
                f.counter("lvs4j_backend_connections", "Connections scheduled to the backend.", l,
                        rs.counters().connections());
                f.counter("lvs4j_backend_incoming_packets", "Packets forwarded to the backend.", l,
                        rs.counters().inPackets());
                f.counter("lvs4j_backend_incoming_bytes", "Bytes forwarded to the backend.", l,
                        rs.counters().inBytes());
            }
        }
        f.counter("node_ipvs_connections", "The total number of connections made.", Labels.EMPTY, conns);
        f.counter("node_ipvs_incoming_packets", "The total number of incoming packets.", Labels.EMPTY, inPackets);
        f.counter("node_ipvs_outgoing_packets", "The total number of outgoing packets.", Labels.EMPTY, outPackets);
        f.counter("node_ipvs_incoming_bytes", "The total amount of incoming data.", Labels.EMPTY, inBytes);
        f.counter("node_ipvs_outgoing_bytes", "The total amount of outgoing data.", Labels.EMPTY, outBytes);
    }

    private static void connections(Connections c, Families f) {
        f.gauge("lvs4j_connection_table_entries", "Connections in the connection table.", Labels.EMPTY, c.size());
        f.gauge("lvs4j_connection_table_capacity", "The connection table's bound (run --max-connections).",
                Labels.EMPTY, c.capacity());
        f.gauge("lvs4j_connection_table_under_pressure", "1 while the table is nearly full and evicts early.",
                Labels.EMPTY, c.underPressure() ? 1 : 0);
        f.counter("lvs4j_connection_table_pressure_episodes", "Times the table came under pressure.", Labels.EMPTY,
                c.pressureEpisodes());
        String evictions = "lvs4j_connection_table_evictions";
        String help = "Connections evicted to make room, by kind.";
        f.counter(evictions, help, Labels.of("kind", "embryonic"), c.evictedEmbryonic());
        f.counter(evictions, help, Labels.of("kind", "inactive"), c.evictedInactive());
        String drops = "lvs4j_connection_table_dropped_packets";
        help = "Packets the connection table dropped, by reason.";
        f.counter(drops, help, Labels.of("reason", "no_destination"), c.droppedNoDestination());
        f.counter(drops, help, Labels.of("reason", "not_syn"), c.droppedNotSyn());
        f.counter(drops, help, Labels.of("reason", "table_full"), c.droppedTableFull());
        f.counter(drops, help, Labels.of("reason", "server_removed"), c.droppedServerRemoved());
    }

    /** The director's frame counters: drops by reason, the other outcomes by name, the capture's own. */
    private static void datapath(Map<String, Long> counters, Families f) {
        if (counters.isEmpty()) {
            return;
        }
        f.counter("lvs4j_frames", "Frames the director received.", Labels.EMPTY, counters.getOrDefault("frames", 0L));
        f.declare("lvs4j_dropped_frames", true, "Frames the director dropped, by reason.");
        f.declare("lvs4j_datapath_events", true, "What the director did besides dropping: forwarded, ARP, errors.");
        counters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (NOT_FRAME_OUTCOMES.contains(e.getKey())) {
                return;
            }
            if (e.getKey().startsWith("dropped: ")) {
                f.counter("lvs4j_dropped_frames", null, Labels.of("reason", slug(e.getKey().substring(9))), e.getValue());
            } else {
                f.counter("lvs4j_datapath_events", null, Labels.of("event", slug(e.getKey())), e.getValue());
            }
        });
        f.counter("lvs4j_capture_errors", "Failed reads from the capture (libpcap errors).", Labels.EMPTY,
                counters.getOrDefault("capture errors", 0L));
        long kernel = counters.getOrDefault("kernel drops", -1L);
        if (kernel >= 0) {
            f.counter("lvs4j_kernel_dropped_frames", "Frames the kernel dropped before the capture read them"
                    + " (pcap_stats ps_drop): the director was too slow.", Labels.EMPTY, kernel);
        }
    }

    private static void health(DirectorSnapshot s, Families f) {
        for (Health h : s.health()) {
            for (ServiceId svc : h.services()) {
                Labels l = backend(svc, h.server().address(), h.server().port());
                f.gauge("lvs4j_backend_up", "1 while the backend's health checks pass, 0 while down.", l, h.up() ? 1 : 0);
                if (h.lastChange() != null) {
                    f.gauge("lvs4j_backend_health_last_change_timestamp_seconds", "When a health check of the backend"
                            + " last changed state.", l, h.lastChange().toEpochMilli() / 1000.0);
                }
            }
        }
    }

    static Labels backend(ServiceId svc, int server, int port) {
        return Labels.of(BACKEND_LABELS, new String[] {Ipv4Address.toString(svc.address()),
            Integer.toString(svc.port()), Ipv4Address.toString(server), Integer.toString(port), svc.protocol().name(),
            ""});
    }

    /** "no such service" → "no_such_service": a label value that survives a counter's rewording of case and signs. */
    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
