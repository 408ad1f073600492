package io.lvs4j.control.metrics;

import io.lvs4j.control.metrics.DirectorSnapshot.Server;
import io.lvs4j.control.metrics.DirectorSnapshot.Service;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@link #SAMPLES} rate readings of every real server in the table, one per
 * {@link MetricsServer} sample (2 s), so the status page draws its charts from the first load.
 * A server that leaves the table loses its history.
 */
final class RateHistory {
    static final int SAMPLES = 60;

    /** One reading: connections, packets and bytes per second, as ipvsadm --rate shows them. */
    record Sample(long cps, long pps, long bps) {
    }

    private final Map<String, ArrayDeque<Sample>> servers = new HashMap<>();

    synchronized void record(DirectorSnapshot s) {
        Map<String, ArrayDeque<Sample>> kept = new HashMap<>();
        for (Service svc : s.services()) {
            for (Server rs : svc.servers()) {
                String key = key(svc, rs);
                ArrayDeque<Sample> samples = servers.getOrDefault(key, new ArrayDeque<>());
                samples.addLast(new Sample(rs.counters().rate().cps(), rs.counters().rate().inPps(),
                        rs.counters().rate().inBps()));
                if (samples.size() > SAMPLES) {
                    samples.removeFirst();
                }
                kept.put(key, samples);
            }
        }
        servers.clear();
        servers.putAll(kept);
    }

    /** The server's readings, oldest first; empty if it has none. */
    synchronized List<Sample> of(Service svc, Server rs) {
        ArrayDeque<Sample> samples = servers.get(key(svc, rs));
        return samples == null ? List.of() : List.copyOf(samples);
    }

    private static String key(Service svc, Server rs) {
        return svc.id().protocol() + " " + svc.id() + " " + rs.id();
    }
}
