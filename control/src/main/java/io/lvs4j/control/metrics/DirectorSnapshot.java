package io.lvs4j.control.metrics;

import io.lvs4j.control.RateEstimator.Rate;
import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServiceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The director as one scrape sees it: copies, safe on any thread.
 *
 * @param datapath the director's frame counters by name, with "capture errors" and "kernel drops"
 *                 (-1 when libpcap cannot tell); empty when there is no datapath (tests)
 * @param health   the health-checked real servers (keepalived), empty without checks
 */
public record DirectorSnapshot(long timeMillis, List<Service> services, Connections connections,
                               Map<String, Long> datapath, List<Health> health, SyncStatus sync) {
    public DirectorSnapshot {
        services = List.copyOf(services);
        datapath = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(datapath)); // keep the order
        health = List.copyOf(health);
    }

    /** The kernel's per-service and per-destination counters (ipvsadm -L --stats) and rates (--rate). */
    public record Counters(long connections, long inPackets, long outPackets, long inBytes, long outBytes, Rate rate) {
    }

    public record Service(ServiceId id, String scheduler, Counters counters, List<Server> servers) {
    }

    public record Server(ServerId id, String method, int weight, int activeConnections, int inactiveConnections,
                         Counters counters) {
    }

    /** The connection table's size, bound, drops and evictions. */
    public record Connections(int size, int capacity, boolean underPressure, long pressureEpisodes,
                              long evictedEmbryonic, long evictedInactive, long droppedNoDestination,
                              long droppedNotSyn, long droppedTableFull, long droppedServerRemoved) {
    }

    /**
     * One health-checked real server of a keepalived virtual server (which may stand for several
     * services: a group), up while all its checks are.
     *
     * @param lastChange the latest transition of any of its checks
     */
    public record Health(List<ServiceId> services, ServerId server, boolean up, int weight, Instant lastChange,
                         List<Check> checks) {
    }

    /** One checker: what it checks, its state and the reason of its last attempt. */
    public record Check(String checker, boolean up, String lastReason, Instant lastChange) {
    }
}
