package io.lvs4j.cli;

import io.lvs4j.control.ipvsadm.MethodNames;
import io.lvs4j.forwarder.Director;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Stats;
import io.lvs4j.scheduler.TableCounters;
import io.lvs4j.scheduler.VirtualService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/** The one-screen report `run` prints when it stops: per service, per server, and every drop reason. */
final class Summary {
    private Summary() {
    }

    static String text(Director d, long kernelDrops, long uptimeMillis) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf(Locale.ROOT, "lvs4j: stopped after %.1f s on %s%n", uptimeMillis / 1000.0, d.nic().name());
        for (VirtualService svc : d.services().services()) {
            out.printf(Locale.ROOT, "  %s %s:%d %s: %s%n", svc.protocol(), Ipv4Address.toString(svc.address()),
                    svc.port(), svc.scheduler().name(), stats(svc.stats()));
            for (RealServer rs : svc.servers()) {
                out.printf(Locale.ROOT, "    -> %s:%d %s weight %d: %s%n", Ipv4Address.toString(rs.address()),
                        rs.port(), MethodNames.listName(rs.method()), rs.weight(), stats(rs.stats()));
            }
        }
        StringBuilder sb = new StringBuilder("  director:");
        String sep = " ";
        for (Map.Entry<String, Long> e : d.counters().asMap().entrySet()) {
            if (e.getValue() != 0 || e.getKey().equals("frames")) {
                sb.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                sep = ", ";
            }
        }
        out.println(sb);
        out.print(d.nat().counters().summaryLine());
        ConnectionTable ct = d.connections();
        TableCounters c = ct.counters();
        out.printf(Locale.ROOT, "  connections: %d tracked; dropped: no destination %d, not SYN %d, table full %d,"
                        + " server removed %d; evicted: embryonic %d, inactive %d; kernel drops %d%n",
                ct.size(), c.droppedNoDestination(), c.droppedNotSyn(), c.droppedTableFull(),
                c.droppedServerRemoved(), c.evictedEmbryonic(), c.evictedInactive(), kernelDrops);
        out.flush();
        return text.toString();
    }

    private static String stats(Stats s) {
        return "conns " + s.connections + ", packets " + s.inPackets + ", bytes " + s.inBytes;
    }
}
