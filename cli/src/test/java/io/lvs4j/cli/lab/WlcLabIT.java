package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * wlc with real client traffic: 200 sequential HTTP connections over rs1 (weight 3) and rs2
 * (weight 1) split exactly as the kernel's rule says, computed here by an explicit reference model.
 *
 * <p>The assertion is exact: one frame the director never saw (a lost client FIN leaves its
 * connection ESTABLISHED, overhead 256 instead of 1) moves the split by dozens of connections, so
 * this test also guards the capture loop against losing frames. The message shows frames sent by
 * the client against frames the director counted.
 */
@Tag("lab")
class WlcLabIT {
    static final int REQUESTS = 200;
    /** FIN_WAIT's timeout: the model assumes no connection of the run expires before the run ends. */
    static final long FIN_WAIT_MILLIS = 120_000;

    /**
     * wlc as ipvs-semantics.md states it. {@code names} and {@code weights} are in list order (the
     * reverse of the -a order). overhead = active * 256 + inactive; the first server with weight > 0
     * is the candidate, a later d replaces it when overhead(cand) * w(d) > overhead(d) * w(cand)
     * (ties stay with the earlier server).
     *
     * <p>Sequential HTTP/1.0 requests: each connection is active (SYN_RECV, ESTABLISHED) while it
     * is served, and the client's FIN+ACK has moved it to FIN_WAIT, an inactive state, before the
     * next SYN is scheduled; FIN_WAIT lasts 120 s, longer than the whole run, so every earlier
     * connection still counts 1 when a new one is scheduled.
     */
    static List<String> referenceWlc(List<String> names, int[] weights, int connections) {
        int n = names.size();
        long[] active = new long[n];
        long[] inactive = new long[n];
        List<String> picks = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int cand = -1;
            for (int i = 0; i < n && cand < 0; i++) {
                if (weights[i] > 0) {
                    cand = i;
                }
            }
            for (int d = cand + 1; d < n; d++) {
                long oc = active[cand] * 256 + inactive[cand];
                long od = active[d] * 256 + inactive[d];
                if (oc * weights[d] > od * weights[cand]) {
                    cand = d;
                }
            }
            picks.add(names.get(cand));
            active[cand]++;   // SYN: SYN_RECV, then ESTABLISHED while served
            active[cand]--;   // the client's FIN+ACK: FIN_WAIT …
            inactive[cand]++; // … inactive, before the next request's SYN
        }
        return picks;
    }

    @Test
    void twoHundredSequentialConnectionsSplitByTheKernelsRule() throws Exception {
        // -a rs1 w3, then -a rs2 w1: list order rs2 (w1), rs1 (w3)
        String rules = "-A -t " + Lab.VIP + ":80 -s wlc\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS1 + ":80 -g -w 3\n"
                + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS2 + ":80 -g -w 1\n";
        List<String> expected = referenceWlc(List.of("rs2", "rs1"), new int[] {1, 3}, REQUESTS);
        // The model's cycle, by hand: (rs2, rs1) inactive counts (0,0): 0*3 > 0*1 no -> rs2;
        // (1,0): 1*3 > 0 -> rs1; (1,1): 3 > 1 -> rs1; (1,2): 3 > 2 -> rs1; (1,3): 3 > 3 no -> rs2 …
        assertEquals(List.of("rs2", "rs1", "rs1", "rs1", "rs2", "rs1", "rs1", "rs1"), expected.subList(0, 8));
        Map<String, Long> expectedSplit = tally(expected);
        assertEquals(Map.of("rs1", 150L, "rs2", 50L), expectedSplit);

        try (Lab lab = Lab.up(); DirectorProcess director = DirectorProcess.start(lab, rules, 2)) {
            long sentBefore = clientFramesSent(lab);
            long started = System.currentTimeMillis();
            List<String> answers = lab.get(REQUESTS);
            long took = System.currentTimeMillis() - started;
            long sent = clientFramesSent(lab) - sentBefore;
            String summary = director.stop();
            long counted = servicePackets(summary);
            System.out.println("WlcLabIT: " + answers.size() + " requests in " + took + " ms: " + tally(answers)
                    + "; the client sent " + sent + " frames, the director counted " + counted + "\n" + summary);
            assertTrue(took < FIN_WAIT_MILLIS - 10_000, "the run took " + took + " ms: connections of its start"
                    + " may have left FIN_WAIT, which the model does not expect");
            assertEquals(REQUESTS, answers.size(), "answers: " + answers);
            // When the split is off, this tells why: every client frame reaches the director's NIC, so
            // fewer counted than sent (beyond the client's one or two ARP frames) means the director
            // missed frames, and a missed FIN leaves a connection active (256) instead of inactive (1).
            String why = "answers by server; the client sent " + sent + " frames (TCP to the VIP plus 0..2 ARP),"
                    + " the director counted " + counted + " packets to the VIP\n" + summary;
            assertEquals(expectedSplit, tally(answers), why);
            assertEquals(expected, answers, "the order of the answers; " + why);
            Map<String, long[]> counters = DirectorProcess.serverCounters(summary);
            assertEquals(150, counters.get(Lab.RS1 + ":80")[0], summary);
            assertEquals(50, counters.get(Lab.RS2 + ":80")[0], summary);
        }
    }

    /** Frames the client's eth0 has transmitted (its kernel counter). */
    private static long clientFramesSent(Lab lab) {
        return Long.parseLong(lab.exec(5, "client", "cat", "/sys/class/net/eth0/statistics/tx_packets")
                .orFail("read tx_packets").out().strip());
    }

    /** The service line's packet count from the director's summary. */
    private static long servicePackets(String summary) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" wlc: conns \\d+, packets (\\d+),").matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static Map<String, Long> tally(List<String> answers) {
        return new TreeMap<>(answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    }
}
