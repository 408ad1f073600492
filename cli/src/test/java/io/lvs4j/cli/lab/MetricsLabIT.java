package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.cli.lab.Exposition.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run --metrics}: /metrics scraped while clients connect, its node_ipvs_* values checked
 * against {@code ipvsadm -Ln --stats --exact} and {@code ipvsadm -Ln} through the shim, and the
 * whole text checked as valid exposition format by a strict parser.
 */
@Tag("lab")
class MetricsLabIT {
    private static final String METRICS = "127.0.0.1:9100";
    private static final Pattern STATS = Pattern.compile(
            "^(?:(TCP|UDP)  |  -> )(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");
    private static final Pattern SERVER = Pattern.compile("^  -> (\\S+):(\\d+)\\s+\\S+\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    @Test
    void metricsEqualIpvsadmDuringAndAfterTraffic() throws Exception {
        String rules = "-A -t " + Lab.VIP + ":80 -s wrr\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS1 + ":80 -g -w 1\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS2 + ":80 -g -w 2\n";
        try (Lab lab = Lab.up();
             DirectorProcess director = DirectorProcess.start(lab, rules, 2, "--metrics", METRICS)) {
            CompletableFuture<List<String>> traffic = CompletableFuture.supplyAsync(() -> lab.get(40));
            int during = 0;
            long lastConns = -1;
            while (!traffic.isDone() || during < 3) {
                long[] before = totals(ipvsadm(lab, "-Ln", "--stats", "--exact"));
                List<Sample> scrape = scrape(lab);
                long[] after = totals(ipvsadm(lab, "-Ln", "--stats", "--exact"));
                String[] names = {"connections", "incoming_packets", "outgoing_packets", "incoming_bytes",
                    "outgoing_bytes"};
                for (int i = 0; i < names.length; i++) {
                    long v = (long) Exposition.value(scrape, "node_ipvs_" + names[i] + "_total");
                    assertTrue(before[i] <= v && v <= after[i], "node_ipvs_" + names[i] + "_total " + v
                            + " lies between ipvsadm's " + before[i] + " before and " + after[i] + " after the scrape");
                }
                long conns = (long) Exposition.value(scrape, "node_ipvs_connections_total");
                assertTrue(conns >= lastConns, "the connection counter never goes back");
                lastConns = conns;
                during++;
            }
            List<String> answers = traffic.get();
            assertEquals(40, answers.stream().filter(a -> a.startsWith("rs")).count(), "every request answered: "
                    + answers);
            assertTrue(lastConns > 0, "scrapes saw connections during the traffic: " + lastConns);

            // Traffic over: once ipvsadm reads the same before and after a scrape, the scrape equals it.
            boolean compared = Shell.await(60_000, () -> {
                String stats = ipvsadm(lab, "-Ln", "--stats", "--exact");
                String list = ipvsadm(lab, "-Ln");
                List<Sample> scrape = scrape(lab);
                if (!stats.equals(ipvsadm(lab, "-Ln", "--stats", "--exact")) || !list.equals(ipvsadm(lab, "-Ln"))) {
                    return false; // a connection changed state meanwhile: again
                }
                assertScrapeEquals(stats, list, scrape);
                return true;
            });
            assertTrue(compared, "ipvsadm's listing became stable for one scrape");

            // a change through ipvsadm: logged once with its source, and the next scrape has it
            ipvsadm(lab, "-e", "-t", Lab.VIP + ":80", "-r", Lab.RS2 + ":80", "-g", "-w", "5");
            assertEquals(5, (long) Exposition.value(scrape(lab), "node_ipvs_backend_weight", "local_address", Lab.VIP,
                    "local_port", "80", "remote_address", Lab.RS2, "remote_port", "80", "proto", "TCP", "local_mark", ""));
            String log = director.log();
            assertEquals(1, count(log, "ControlPlane: ipvsadm: edit server TCP 10.0.0.100:80 -> 10.0.0.12:80 Route weight 5\n"),
                    log);
            assertEquals(1, count(log, ": add server TCP 10.0.0.100:80 -> 10.0.0.11:80 Route weight 1\n"), log);
            assertTrue(log.contains("ControlPlane: rules file "), "the rules file named as the source: " + log);
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** Every node_ipvs_* sample as ipvsadm lists it, and nothing more. */
    private static void assertScrapeEquals(String stats, String list, List<Sample> scrape) {
        long[] totals = totals(stats);
        assertEquals(totals[0], (long) Exposition.value(scrape, "node_ipvs_connections_total"), stats);
        assertEquals(totals[1], (long) Exposition.value(scrape, "node_ipvs_incoming_packets_total"), stats);
        assertEquals(totals[2], (long) Exposition.value(scrape, "node_ipvs_outgoing_packets_total"), stats);
        assertEquals(totals[3], (long) Exposition.value(scrape, "node_ipvs_incoming_bytes_total"), stats);
        assertEquals(totals[4], (long) Exposition.value(scrape, "node_ipvs_outgoing_bytes_total"), stats);
        int servers = 0;
        for (String line : list.split("\n")) {
            Matcher m = SERVER.matcher(line);
            if (!m.matches()) {
                continue;
            }
            servers++;
            String[] labels = {"local_address", Lab.VIP, "local_port", "80", "remote_address", m.group(1),
                "remote_port", m.group(2), "proto", "TCP", "local_mark", ""};
            assertEquals(Long.parseLong(m.group(3)), (long) Exposition.value(scrape, "node_ipvs_backend_weight", labels),
                    line);
            assertEquals(Long.parseLong(m.group(4)),
                    (long) Exposition.value(scrape, "node_ipvs_backend_connections_active", labels), line);
            assertEquals(Long.parseLong(m.group(5)),
                    (long) Exposition.value(scrape, "node_ipvs_backend_connections_inactive", labels), line);
        }
        assertEquals(2, servers, list);
        assertEquals(servers, scrape.stream().filter(s -> s.name().equals("node_ipvs_backend_weight")).count(),
                "one backend sample per real server");
    }

    /** The service line's Conns, InPkts, OutPkts, InBytes, OutBytes (one service: the totals). */
    private static long[] totals(String stats) {
        Map<String, long[]> rows = new LinkedHashMap<>();
        for (String line : stats.split("\n")) {
            Matcher m = STATS.matcher(line);
            if (m.matches() && m.group(1) != null) {
                rows.put(m.group(2), new long[] {Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), Long.parseLong(m.group(7))});
            }
        }
        assertEquals(1, rows.size(), "one service in " + stats);
        return rows.values().iterator().next();
    }

    private static String ipvsadm(Lab lab, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "LVS4J_CONTROL=" + lab.control(),
                KeepalivedDirector.SHIM.toString()));
        cmd.addAll(List.of(args));
        return Shell.run(30, cmd).orFail("ipvsadm " + String.join(" ", args)).out();
    }

    /** GET /metrics inside the director's namespace, parsed strictly. */
    static List<Sample> scrape(Lab lab) {
        String text = lab.exec(30, "director", "curl", "-sf", "http://" + METRICS + "/metrics").orFail("scrape").out();
        return Exposition.parse(text);
    }
}
