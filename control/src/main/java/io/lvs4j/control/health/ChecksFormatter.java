package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.Endpoint;
import io.lvs4j.control.keepalived.VirtualServer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lvs4j checks}: one line per checker of every real server, in config order — the service,
 * the real server, the check, its state, consecutive failures, when the state last changed, and
 * the last result with its reason. Columns are as wide as their widest value.
 */
final class ChecksFormatter {
    static final String[] HEADER = {"Prot", "VirtualAddress:Port", "RealAddress:Port", "Check", "State", "Fails",
        "Since", "Last result"};
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("HH:mm:ss");

    private ChecksFormatter() {
    }

    static String format(List<RealServerHealth> servers, ZoneId zone) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RealServerHealth h : servers) {
            VirtualServer vs = h.key().virtualServer();
            String service = service(vs);
            String real = h.key().realServer().endpoint().toString();
            if (h.checks().isEmpty()) {
                rows.add(new String[] {vs.protocol().name(), service, real, "none", "up", "0", "-", "no checker: always up"});
            }
            for (CheckLoop loop : h.checks()) {
                CheckStatus s = loop.status();
                String check = s.checker().substring(0, Math.max(0, s.checker().indexOf(' '))).trim();
                rows.add(new String[] {vs.protocol().name(), service, real, check.isEmpty() ? s.checker() : check,
                    s.state().name().toLowerCase(), Integer.toString(s.consecutiveFailures()),
                    SINCE.format(s.lastChange().atZone(zone)), s.lastReason()});
            }
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                out.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
            }
            out.append(row[row.length - 1]).append('\n');
        }
        return out.toString();
    }

    /** The service as ipvsadm -Ln names it; a group by its first member and "+N" more. */
    private static String service(VirtualServer vs) {
        Endpoint first = vs.addresses().get(0);
        int more = vs.addresses().size() - 1;
        return first + (more > 0 ? " +" + more : "");
    }
}
