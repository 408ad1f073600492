package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.cli.lab.KeepalivedDirector.LogLine;
import io.lvs4j.cli.lab.RequestStream.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code lvs4j run --keepalived}: the classic keepalived + LVS-DR lab's keepalived.conf, and an
 * HTTP_GET checker taking a stopped real server out of the table and back in, measured on the
 * director's own log timestamps.
 */
@Tag("lab")
class KeepalivedLabIT {
    static final String HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n"
            + "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

    /**
     * The keepalived.conf of the classic keepalived + LVS-DR howto, unchanged apart from its
     * addresses (and one statement per line: keepalived has no ';'). lvs4j skips global_defs and
     * the vrrp_instance (it holds the VIP itself) and runs the virtual_server.
     */
    static final String CLASSIC = """
            ! Configuration File for keepalived

            global_defs {
               notification_email {
                 admin@example.com
               }
               notification_email_from keepalived@example.com
               smtp_server 127.0.0.1
               smtp_connect_timeout 30
               router_id LVS_DEVEL
            }

            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    10.0.0.100
                }
            }

            virtual_server 10.0.0.100 80 {
                delay_loop 6
                lb_algo wrr
                lb_kind DR
                persistence_timeout 0
                protocol TCP

                real_server 10.0.0.11 80 {
                    weight 2
                    TCP_CHECK {
                        connect_timeout 10
                        nb_get_retry 3
                        delay_before_retry 3
                        connect_port 80
                    }
                }
                real_server 10.0.0.12 80 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 10
                        nb_get_retry 3
                        delay_before_retry 3
                        connect_port 80
                    }
                }
            }
            """;

    /** rr over rs1 and rs2, HTTP_GET every second (delay_before_retry 1 is keepalived's default, written out). */
    static final String HTTP_GET_RR = """
            virtual_server 10.0.0.100 80 {
                delay_loop 1
                lb_algo rr
                lb_kind DR
                protocol TCP
                real_server 10.0.0.11 80 {
                    weight 1
                    HTTP_GET {
                        url {
                            path /
                            status_code 200
                        }
                        connect_timeout 1
                        retry 1
                        delay_before_retry 1
                    }
                }
                real_server 10.0.0.12 80 {
                    weight 1
                    HTTP_GET {
                        url {
                            path /
                            status_code 200
                        }
                        connect_timeout 1
                        retry 1
                        delay_before_retry 1
                    }
                }
            }
            """;

    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up();
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theClassicKeepalivedConfStartsAndBalancesTwoToOne() throws Exception {
        try (KeepalivedDirector director = KeepalivedDirector.start(lab, CLASSIC, Lab.RS1, Lab.RS2)) {
            assertEquals(HEADER
                    + "TCP  10.0.0.100:80 wrr\n"
                    + "  -> 10.0.0.11:80                 Route   2      0          0         \n"
                    + "  -> 10.0.0.12:80                 Route   1      0          0         \n",
                    director.ipvsadm("-Ln"), "the table keepalived.conf describes");
            // Both TCP_CHECKs have connected (the first check runs at once), and the servers stay in.
            awaitChecked(director, Lab.RS1);
            awaitChecked(director, Lab.RS2);

            Map<String, Long> answers = tally(lab.get(90));
            String stats = director.ipvsadm("-Ln", "--stats", "--exact");
            System.out.println("classic keepalived.conf, wrr 2:1 over 90 requests: " + answers);
            // 90 new connections are 30 whole wrr periods: 60/30. Each request has a client port of
            // its own (Lab.get), so none continues an older connection's entry instead of being
            // scheduled (the one 59/31 seen came from a reused port, before Lab.get did that).
            assertTrue(answers.equals(Map.of("rs1", 60L, "rs2", 30L)),
                    "wrr 2:1 over 90 requests: " + answers + "\n" + stats + director.log());
            assertTrue(director.first(KeepalivedDirector.transition(Lab.RS1, false)).isEmpty()
                    && director.first(KeepalivedDirector.transition(Lab.RS2, false)).isEmpty(),
                    "no real server went down:\n" + director.log());
            director.stop();
        }
    }

    /**
     * Stop rs1's HTTP server under a request every 100 ms: the checker takes it out, every
     * request from then on succeeds on rs2; start it again: the checker puts it back.
     */
    @Test
    void httpGetTakesAStoppedServerOutAndPutsItBackWhenItListensAgain() throws Exception {
        try (KeepalivedDirector director = KeepalivedDirector.start(lab, HTTP_GET_RR, Lab.RS1, Lab.RS2);
             RequestStream stream = RequestStream.start(lab)) {
            awaitChecked(director, Lab.RS1);
            awaitChecked(director, Lab.RS2);
            assertTrue(Shell.await(30_000, () -> answeredBy(stream.requests(), "rs1") >= 3
                    && answeredBy(stream.requests(), "rs2") >= 3), "the stream reaches both: " + stream.requests());

            long stopped = LabHttpd.stop(lab, "rs1");
            // The director logs the edit once applied: from that line on, no new connection goes to rs1.
            LogLine down = director.await(30_000, "rs1 taken out", KeepalivedDirector.applied(Lab.RS1, false));
            List<String> tableWhileDown = awaitTable(director, t -> t.stream().noneMatch(l -> l.startsWith(Lab.RS1)));
            ChecksListing checksRs1 = ChecksListing.of(director.checks(), Lab.RS1);
            // Enough requests after the transition to see where they go.
            assertTrue(Shell.await(30_000, () -> stream.since(down.millis()).size() >= 10),
                    "requests after rs1 went down: " + stream.requests());

            long restarting = System.currentTimeMillis();
            long listening = LabHttpd.start(lab, "rs1");
            LogLine up = director.await(30_000, "rs1 put back", KeepalivedDirector.applied(Lab.RS1, true));
            assertTrue(Shell.await(30_000, () -> answeredBy(stream.since(up.millis()), "rs1") >= 2),
                    "rs1 answers again: " + stream.since(up.millis()));
            List<Request> all = stream.stop();
            String connections = director.ipvsadm("-Lnc");
            String log = director.log();
            director.stop();

            long detection = down.millis() - stopped;
            long recovery = up.millis() - listening;
            List<Request> afterDown = since(all, down.millis());
            // Begun after the edit and over before rs1's daemon was started again: a connection
            // sent to rs1 would have been refused (a failure), so each must be rs2's answer.
            List<Request> whileDown = afterDown.stream().filter(r -> r.endMillis() < restarting).toList();
            List<Request> afterUp = since(all, up.millis());
            List<Request> failed = all.stream().filter(r -> !r.ok()).toList();
            // Times are reported, not asserted (a busy machine may stretch them). Expected: down
            // after retry + 1 = 2 failed attempts, delay_before_retry (= delay_loop) apart, each
            // taking at most connect_timeout, the first up to one delay_loop after the stop: 4 s;
            // back up at most one delay_loop (plus the check itself) after the server listens.
            System.out.printf("HTTP_GET: rs1 out of the table %d ms after its HTTP server stopped (expected"
                            + " up to 4000), back %d ms after it listened again (expected up to 1000 and a check);"
                            + " %d requests, %d failed (between the stop and the edit)%n",
                    detection, recovery, all.size(), failed.size());
            String seen = "\nrequests: " + all + "\nipvsadm -Lnc at the end:\n" + connections + "director log:\n" + log;
            assertAll("HTTP_GET delay_loop 1, retry 1, connect_timeout 1",
                    () -> assertTrue(detection >= 0, "rs1 down " + detection + " ms after the stop, not before"),
                    () -> assertEquals(List.of("TCP 10.0.0.100:80 rr", "10.0.0.12:80 Route 1"), tableWhileDown,
                            "ipvsadm -Ln while rs1 is down: rs1 absent"),
                    () -> assertTrue(!checksRs1.up() && checksRs1.failures() >= 2
                            && checksRs1.last().contains("refused"), "lvs4j checks while rs1 is down: " + checksRs1),
                    () -> assertEquals(List.of(), failed.stream().filter(r -> r.endMillis() < stopped
                            || r.startMillis() >= down.millis()).toList(),
                            "failed requests over before the stop or begun after the edit" + seen),
                    () -> assertTrue(whileDown.size() >= 10, "requests while rs1 was out: " + whileDown),
                    () -> assertEquals(List.of(), whileDown.stream().filter(r -> !r.answer().equals("rs2")).toList(),
                            "requests while rs1 was out not answered by rs2" + seen),
                    // rr alternates: of any two new connections after the edit, one goes to rs1.
                    () -> assertTrue(afterUp.stream().limit(2).anyMatch(r -> r.answer().equals("rs1")),
                            "rs1 among the first requests after it came back: " + afterUp + seen),
                    () -> assertEquals(List.of(), afterUp.stream().filter(r -> !r.ok()).toList(),
                            "failed requests after rs1 came back" + seen));
        } finally {
            LabHttpd.ensureRunning(lab, "rs1");
        }
    }

    /** Waits until `lvs4j checks` shows a check of {@code rs} that has run and is up. */
    static void awaitChecked(KeepalivedDirector director, String rs) {
        assertTrue(Shell.await(30_000, () -> ChecksListing.parse(director.checks()).stream()
                        .anyMatch(c -> c.realServer().startsWith(rs + ":") && c.checked() && c.up())),
                rs + "'s check ran and is up:\n" + director.checks());
    }

    /** Waits for an `ipvsadm -Ln` listing whose {@link #table} satisfies {@code condition}; returns that table. */
    static List<String> awaitTable(KeepalivedDirector director, Predicate<List<String>> condition) {
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        assertTrue(Shell.await(20_000, () -> {
            last.set(0, table(director.ipvsadm("-Ln")));
            return condition.test(last.get(0));
        }), "ipvsadm -Ln: " + last.get(0));
        return last.get(0);
    }

    /**
     * An `ipvsadm -Ln` listing without its header and connection counts: "TCP 10.0.0.100:80 rr",
     * then "10.0.0.12:80 Route 1" per real server (address, forwarding, weight).
     */
    static List<String> table(String listing) {
        assertTrue(listing.startsWith(HEADER), listing);
        return listing.substring(HEADER.length()).lines().map(l -> {
            String[] f = l.strip().split("\\s+");
            return f[0].equals("->") ? f[1] + " " + f[2] + " " + f[3] : String.join(" ", f);
        }).toList();
    }

    static long answeredBy(List<Request> requests, String server) {
        return requests.stream().filter(r -> r.answer().equals(server)).count();
    }

    private static List<Request> since(List<Request> requests, long millis) {
        return requests.stream().filter(r -> r.startMillis() >= millis).toList();
    }

    static Map<String, Long> tally(List<String> answers) {
        return new TreeMap<>(answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
    }
}
