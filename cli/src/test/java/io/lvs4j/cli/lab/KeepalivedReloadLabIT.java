package io.lvs4j.cli.lab;

import static io.lvs4j.cli.lab.KeepalivedLabIT.answeredBy;
import static io.lvs4j.cli.lab.KeepalivedLabIT.awaitChecked;
import static io.lvs4j.cli.lab.KeepalivedLabIT.table;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.cli.lab.RequestStream.Request;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reloading keepalived.conf under a stream of requests: SIGHUP applies only the difference (one
 * server's new weight, a third server), nothing fails, and the unchanged server keeps its
 * counters and its check's state; `lvs4j reload` refuses a bad file and changes nothing.
 */
@Tag("lab")
class KeepalivedReloadLabIT {
    /** "  -> 10.0.0.11:80   Conns InPkts OutPkts InBytes OutBytes" (ipvsadm -Ln --stats --exact). */
    private static final Pattern STATS_LINE = Pattern.compile(
            "^  -> (\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up("--servers", "3");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String conf(int rs2Weight, boolean withRs3) {
        return "virtual_server 10.0.0.100 80 {\n"
                + "    delay_loop 1\n"
                + "    lb_algo wrr\n"
                + "    lb_kind DR\n"
                + "    protocol TCP\n"
                + realServer(Lab.RS1, 1)
                + realServer(Lab.RS2, rs2Weight)
                + (withRs3 ? realServer(Lab.rs(3), 1) : "")
                + "}\n";
    }

    private static String realServer(String rs, int weight) {
        return "    real_server " + rs + " 80 {\n"
                + "        weight " + weight + "\n"
                + "        HTTP_GET {\n"
                + "            url {\n"
                + "                path /\n"
                + "                status_code 200\n"
                + "            }\n"
                + "            connect_timeout 1\n"
                + "        }\n"
                + "    }\n";
    }

    @Test
    void sighupAppliesTheDifferenceWithoutAFailedRequestAndKeepsTheUnchangedServersState() throws Exception {
        try (KeepalivedDirector director = KeepalivedDirector.start(lab, conf(1, false), Lab.RS1, Lab.RS2);
             RequestStream stream = RequestStream.start(lab)) {
            awaitChecked(director, Lab.RS1);
            awaitChecked(director, Lab.RS2);
            assertTrue(Shell.await(30_000, () -> stream.requests().size() >= 10), "the stream runs");
            List<long[]> rs1Samples = new ArrayList<>();
            rs1Samples.add(rs1Stats(director));
            ChecksListing rs1Before = ChecksListing.of(director.checks(), Lab.RS1);

            director.rewriteAndHangUp(conf(3, true));
            List<String> wanted = List.of("TCP 10.0.0.100:80 wrr", "10.0.0.11:80 Route 1", "10.0.0.12:80 Route 3",
                    "10.0.0.13:80 Route 1");
            List<List<String>> seen = new ArrayList<>(List.of(List.of()));
            assertTrue(Shell.await(30_000, () -> {
                rs1Samples.add(rs1Stats(director));
                seen.set(0, table(director.ipvsadm("-Ln")));
                return seen.get(0).equals(wanted);
            }), "the table after SIGHUP: " + seen.get(0));
            String reloaded = director.await(10_000, "the reload", t -> t.contains(" reloaded: ")).text();
            assertTrue(Shell.await(30_000, () -> answeredBy(stream.requests(), "rs3") >= 3),
                    "rs3 answers: " + stream.requests());
            // rs3 answering says nothing of its check: the first one runs within delay_loop of the reload,
            // later on a busy machine; its state is read below
            awaitChecked(director, Lab.rs(3));
            rs1Samples.add(rs1Stats(director));

            // lvs4j reload with a bad file: refused with one line, the table as it was.
            String good = Files.readString(director.conf);
            Files.writeString(director.conf, good.replace("lb_algo wrr", "lb_algo nosuch"));
            Shell.Result bad = director.reload();
            Files.writeString(director.conf, good);
            assertEquals(wanted, table(director.ipvsadm("-Ln")), "the table after a refused reload");
            Shell.Result same = director.reload();

            int before = stream.requests().size();
            assertTrue(Shell.await(30_000, () -> stream.requests().size() >= before + 10), "the stream goes on");
            List<Request> all = stream.stop();
            rs1Samples.add(rs1Stats(director));
            ChecksListing rs1After = ChecksListing.of(director.checks(), Lab.RS1);
            ChecksListing rs3After = ChecksListing.of(director.checks(), Lab.rs(3));
            String log = director.log();
            director.stop();

            Map<String, Long> answers = new TreeMap<>(KeepalivedLabIT.tally(all.stream().map(Request::answer).toList()));
            System.out.printf("reload: %d requests %s; rs1 Conns %d → %d over %d samples; reload: %s%n", all.size(),
                    answers, rs1Samples.get(0)[0], rs1Samples.get(rs1Samples.size() - 1)[0], rs1Samples.size(), reloaded);
            assertAll("SIGHUP under a stream of requests",
                    () -> assertEquals(List.of(), all.stream().filter(r -> !r.ok()).toList(), "failed requests"),
                    () -> assertTrue(all.size() >= 30, "a real stream: " + all.size() + " requests"),
                    () -> assertNonDecreasing(rs1Samples),
                    () -> assertTrue(rs1Samples.get(rs1Samples.size() - 1)[0] > rs1Samples.get(0)[0],
                            "rs1 took new connections after the reload"),
                    () -> assertTrue(rs1After.up(), "rs1's check: " + rs1After),
                    () -> assertEquals(rs1Before.since(), rs1After.since(),
                            "rs1's check was kept: its state has not changed since before the reload"),
                    () -> assertTrue(rs3After.up() && rs3After.checked(), "rs3's check runs: " + rs3After),
                    () -> assertTrue(reloaded.contains("10.0.0.12:80") && reloaded.contains("weight 3")
                            && reloaded.contains("add server") && reloaded.contains("10.0.0.13:80")
                            && !reloaded.contains("10.0.0.11:80"), "the reload changed rs2 and added rs3 only: "
                            + reloaded),
                    () -> assertNotEquals(0, bad.exit(), "lvs4j reload of a bad file fails: " + bad),
                    () -> assertTrue(bad.err().contains("nosuch") && bad.err().strip().lines().count() == 1,
                            "one line naming the bad value: " + bad.err()),
                    () -> assertEquals(0, same.exit(), "lvs4j reload of the unchanged file: " + same),
                    () -> assertTrue(!log.contains("checks restarted"), "no check restarted:\n" + log));
        }
    }

    /** rs1's {Conns, InPkts, OutPkts, InBytes, OutBytes} from ipvsadm -Ln --stats --exact. */
    private static long[] rs1Stats(KeepalivedDirector director) {
        String listing = director.ipvsadm("-Ln", "--stats", "--exact");
        for (String line : listing.split("\n")) {
            Matcher m = STATS_LINE.matcher(line);
            if (m.matches() && m.group(1).equals(Lab.RS1 + ":80")) {
                long[] v = new long[5];
                for (int i = 0; i < 5; i++) {
                    v[i] = Long.parseLong(m.group(i + 2));
                }
                return v;
            }
        }
        throw new AssertionError("no rs1 line in ipvsadm -Ln --stats --exact:\n" + listing);
    }

    private static void assertNonDecreasing(List<long[]> samples) {
        for (int i = 1; i < samples.size(); i++) {
            for (int c = 0; c < 5; c++) {
                assertTrue(samples.get(i)[c] >= samples.get(i - 1)[c], "rs1's counter " + c + " went back from "
                        + samples.get(i - 1)[c] + " to " + samples.get(i)[c] + " (sample " + i + ")");
            }
        }
    }
}
