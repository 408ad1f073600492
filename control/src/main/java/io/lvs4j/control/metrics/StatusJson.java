package io.lvs4j.control.metrics;

import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.metrics.DirectorSnapshot.Check;
import io.lvs4j.control.metrics.DirectorSnapshot.Counters;
import io.lvs4j.control.metrics.DirectorSnapshot.Health;
import io.lvs4j.control.metrics.DirectorSnapshot.Server;
import io.lvs4j.control.metrics.DirectorSnapshot.Service;
import io.lvs4j.packet.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page's data, /status.json: every service with its servers as the table has them, the
 * health-checked servers the checks took out of the table too (inTable false), each server's
 * health, counters and rates, and the director's counters.
 */
final class StatusJson {
    private StatusJson() {
    }

    static String of(DirectorSnapshot s, RateHistory history) {
        Map<ServiceId, List<Health>> outOfTable = new LinkedHashMap<>();
        Map<String, Health> byServer = new LinkedHashMap<>();
        for (Health h : s.health()) {
            for (ServiceId svc : h.services()) {
                byServer.put(key(svc, h.server()), h);
                outOfTable.computeIfAbsent(svc, k -> new ArrayList<>()).add(h);
            }
        }
        StringBuilder out = new StringBuilder(4096);
        out.append("{\"time\":").append(s.timeMillis()).append(",\"services\":[");
        String sep = "";
        for (Service svc : s.services()) {
            out.append(sep);
            sep = ",";
            List<Health> missing = new ArrayList<>(outOfTable.getOrDefault(svc.id(), List.of()));
            outOfTable.remove(svc.id());
            service(out, svc.id(), svc.scheduler(), true, svc.counters());
            String inner = "";
            for (Server rs : svc.servers()) {
                Health h = byServer.get(key(svc.id(), rs.id()));
                missing.remove(h);
                out.append(inner);
                inner = ",";
                server(out, rs.id(), rs.method(), rs.weight(), rs.activeConnections(), rs.inactiveConnections(),
                        rs.counters(), h, history.of(svc, rs));
            }
            for (Health h : missing) {
                out.append(inner);
                inner = ",";
                server(out, h.server(), "-", 0, 0, 0, null, h, null);
            }
            out.append("]}");
        }
        // a virtual server whose every real server is out of the table, and no sorry server
        for (Map.Entry<ServiceId, List<Health>> e : outOfTable.entrySet()) {
            out.append(sep);
            sep = ",";
            service(out, e.getKey(), "-", false, null);
            String inner = "";
            for (Health h : e.getValue()) {
                out.append(inner);
                inner = ",";
                server(out, h.server(), "-", 0, 0, 0, null, h, null);
            }
            out.append("]}");
        }
        out.append("],\"connections\":{\"size\":").append(s.connections().size())
                .append(",\"capacity\":").append(s.connections().capacity())
                .append(",\"underPressure\":").append(s.connections().underPressure()).append("},\"datapath\":{");
        sep = "";
        for (Map.Entry<String, Long> e : s.datapath().entrySet()) {
            out.append(sep).append(string(e.getKey())).append(':').append(e.getValue());
            sep = ",";
        }
        return out.append("},\"sync\":{\"role\":").append(string(s.sync().role())).append("}}").toString();
    }

    private static void service(StringBuilder out, ServiceId id, String scheduler, boolean inTable, Counters c) {
        out.append("{\"proto\":").append(string(id.protocol().name()))
                .append(",\"address\":").append(string(Ipv4Address.toString(id.address())))
                .append(",\"port\":").append(id.port())
                .append(",\"scheduler\":").append(string(scheduler))
                .append(",\"inTable\":").append(inTable);
        counters(out, c);
        out.append(",\"servers\":[");
    }

    private static void server(StringBuilder out, ServerId id, String method, int weight, int active, int inactive,
                               Counters c, Health h, List<RateHistory.Sample> history) {
        out.append("{\"address\":").append(string(Ipv4Address.toString(id.address())))
                .append(",\"port\":").append(id.port())
                .append(",\"method\":").append(string(method))
                .append(",\"weight\":").append(weight)
                .append(",\"active\":").append(active)
                .append(",\"inactive\":").append(inactive)
                .append(",\"inTable\":").append(history != null);
        counters(out, c);
        if (history != null) {
            history(out, history);
        }
        out.append(",\"health\":").append(string(h == null ? "none" : h.up() ? "up" : "down"));
        if (h != null) {
            out.append(",\"since\":").append(h.lastChange() == null ? "null" : Long.toString(h.lastChange().toEpochMilli()))
                    .append(",\"checks\":[");
            String sep = "";
            for (Check c2 : h.checks()) {
                out.append(sep).append("{\"checker\":").append(string(c2.checker()))
                        .append(",\"up\":").append(c2.up())
                        .append(",\"reason\":").append(string(c2.lastReason())).append('}');
                sep = ",";
            }
            out.append(']');
        }
        out.append('}');
    }

    /** The server's rate history: [[cps, pps, bps], …], oldest first. */
    private static void history(StringBuilder out, List<RateHistory.Sample> samples) {
        out.append(",\"history\":[");
        String sep = "";
        for (RateHistory.Sample x : samples) {
            out.append(sep).append('[').append(x.cps()).append(',').append(x.pps()).append(',').append(x.bps()).append(']');
            sep = ",";
        }
        out.append(']');
    }

    private static void counters(StringBuilder out, Counters c) {
        if (c == null) {
            return;
        }
        out.append(",\"conns\":").append(c.connections())
                .append(",\"inPackets\":").append(c.inPackets())
                .append(",\"inBytes\":").append(c.inBytes())
                .append(",\"cps\":").append(c.rate().cps())
                .append(",\"pps\":").append(c.rate().inPps())
                .append(",\"bps\":").append(c.rate().inBps());
    }

    private static String key(ServiceId svc, ServerId server) {
        return svc.protocol() + " " + svc + " " + server;
    }

    /** A JSON string: quotes, backslash and control characters escaped. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
