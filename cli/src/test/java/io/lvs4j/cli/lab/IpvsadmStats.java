package io.lvs4j.cli.lab;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ipvsadm -Ln --stats --exact} read back: "addr:port" → {Conns, InPkts, OutPkts, InBytes, OutBytes}. */
final class IpvsadmStats {
    private static final Pattern STATS_LINE = Pattern.compile(
            "^(?:TCP  |  -> )(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    private IpvsadmStats() {
    }

    static Map<String, long[]> parse(String listing) {
        Map<String, long[]> m = new TreeMap<>();
        for (String line : listing.split("\n")) {
            Matcher x = STATS_LINE.matcher(line);
            if (x.matches()) {
                long[] v = new long[5];
                for (int i = 0; i < 5; i++) {
                    v[i] = Long.parseLong(x.group(i + 2));
                }
                m.put(x.group(1), v);
            }
        }
        return m;
    }
}
