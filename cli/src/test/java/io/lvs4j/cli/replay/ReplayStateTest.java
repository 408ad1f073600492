package io.lvs4j.cli.replay;

import static io.lvs4j.cli.replay.Replayer.RS1;
import static io.lvs4j.cli.replay.Replayer.RS2;
import static io.lvs4j.cli.replay.Replayer.RS3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.cli.replay.Replayer.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP state, timeouts, active/inactive counters and persistence, in capture time. The DR trace of
 * ipvs-semantics.md: SYN → SYN_RECV (60 s), ACK → ESTABLISHED (900 s), FIN+ACK → FIN_WAIT (120 s),
 * RST → CLOSE (10 s); every packet restarts the timeout of the state it leaves the connection in.
 * A state is observed by its timeout (a packet just inside it still finds the connection, one
 * just after it does not: a non-SYN is then dropped and counted, a SYN is scheduled anew and rr
 * moves on) and, for active/inactive, through lc's choices.
 */
class ReplayStateTest {
    static final String A = "192.168.1.1";

    @TempDir
    Path dir;
    Replayer replayer;

    @BeforeEach
    void setUp() {
        replayer = new Replayer(dir);
    }

    private Result rr(Traffic t, String serviceOptions) throws Exception {
        return replayer.run(t, Replayer.rules(serviceOptions, RS1, 1, RS2, 1, RS3, 1), Replayer.neigh(RS1, RS2, RS3));
    }

    @Test
    void theDrTraceEachStateLastsItsTimeout() throws Exception {
        // rr over rs3 rs2 rs1 (list order): a new connection is visible as the next server.
        Traffic t = new Traffic()
                .at(0).syn(A, 40000)           // new -> rs3; SYN_RECV, expires at 60
                .at(59.9).ack(A, 40000)        // found; ESTABLISHED, expires at 959.9
                .at(959.8).ack(A, 40000)       // found (899.9 s later); ESTABLISHED, expires at 1859.8
                .at(959.9).finAck(A, 40000)    // found; FIN_WAIT, expires at 1079.9
                .at(1079.8).ack(A, 40000)      // found (119.9 s later); FIN_WAIT again, expires at 1199.8
                .at(1079.9).rst(A, 40000)      // found; CLOSE, expires at 1089.9
                .at(1089.8).ack(A, 40000)      // found (9.9 s later); CLOSE again, expires at 1099.8
                .at(1099.9).ack(A, 40000)      // gone: an ACK starts nothing -> dropped, "not SYN"
                .at(1100).syn(A, 40000);       // new -> rs2
        Result r = rr(t, "-s rr");
        assertEquals(List.of("rs3", "rs3", "rs3", "rs3", "rs3", "rs3", "rs3", "rs2"),
                r.forwarded().stream().map(Replayer.Sent::to).toList());
        assertArrayEquals(new long[] {1, 7, 280}, r.counters(RS3));
        assertArrayEquals(new long[] {1, 1, 40}, r.counters(RS2));
        assertArrayEquals(new long[] {0, 0, 0}, r.counters(RS1));
        assertTrue(r.out().contains("connections: 1 tracked; dropped: no destination 0, not SYN 1,"), r.out());
    }

    @Test
    void pastEachTimeoutTheConnectionIsGoneAndASynIsScheduledAnew() throws Exception {
        Traffic t = new Traffic()
                // SYN_RECV 60 s
                .at(0).syn("192.168.1.2", 40000)           // -> rs3
                .at(60.1).syn("192.168.1.2", 40000)        // expired at 60: new -> rs2
                // ESTABLISHED 900 s
                .at(100).syn("192.168.1.3", 40000)         // -> rs1
                .at(100.1).ack("192.168.1.3", 40000)       // ESTABLISHED until 1000.1
                .at(1000.2).ack("192.168.1.3", 40000)      // gone: dropped, not SYN
                // FIN_WAIT 120 s: a new SYN from the same client port 121 s after the FIN is a new connection
                .at(2000).syn("192.168.1.4", 40000)        // -> rs3
                .at(2000.1).ack("192.168.1.4", 40000)
                .at(2000.2).finAck("192.168.1.4", 40000)   // FIN_WAIT until 2120.2
                .at(2121.2).syn("192.168.1.4", 40000)      // new -> rs2
                // … and 119 s after the FIN the same SYN still finds it (FIN_WAIT + SYN -> SYN_RECV), no scheduling
                .at(3000).syn("192.168.1.5", 40000)        // -> rs1
                .at(3000.1).ack("192.168.1.5", 40000)
                .at(3000.2).finAck("192.168.1.5", 40000)   // FIN_WAIT until 3120.2
                .at(3119.2).syn("192.168.1.5", 40000)      // found -> rs1 again, SYN_RECV until 3179.2
                .at(3200).syn("192.168.1.6", 40000)        // -> rs3 (the rr cursor did not move at 3119.2)
                // CLOSE 10 s
                .at(4000).syn("192.168.1.7", 40000)        // -> rs2
                .at(4000.1).ack("192.168.1.7", 40000)
                .at(4000.2).rst("192.168.1.7", 40000)      // CLOSE until 4010.2
                .at(4010.3).syn("192.168.1.7", 40000);     // new -> rs1
        Result r = rr(t, "-s rr");
        assertEquals(List.of("rs3", "rs2", "rs1", "rs3", "rs2", "rs1", "rs1", "rs3", "rs2", "rs1"), r.synServers());
        // 10 SYNs, 9 of them new connections; at the end (4010.3) only the last one is alive
        long conns = r.counters(RS1)[0] + r.counters(RS2)[0] + r.counters(RS3)[0];
        assertEquals(9, conns);
        assertEquals(1, r.tracked());
        assertTrue(r.out().contains("not SYN 1,"), r.out());
    }

    @Test
    void activeAndInactiveCountersFollowTheStates() throws Exception {
        // lc over rs2 rs1 (list order) picks by overhead = active * 256 + inactive, so each choice
        // shows how the states of the connections already there are counted. X is the traced
        // connection; probes P1…P5 are short connections (SYN, ACK, RST -> CLOSE: inactive, 10 s).
        // Overheads (rs2, rs1) before each choice:
        String x = "192.168.2.1";
        Traffic t = new Traffic()
                .at(0).syn(x, 40000)                         // (0,0) -> rs2; X SYN_RECV: active
                .at(1).syn("192.168.2.11", 40000)            // (256,0) -> rs1
                .at(1.1).ack("192.168.2.11", 40000)
                .at(1.2).rst("192.168.2.11", 40000)          // P1 CLOSE until 11.2: rs1 = 1
                .at(2).ack(x, 40000)                         // X ESTABLISHED: still active
                .at(3).syn("192.168.2.12", 40000)            // (256,1) -> rs1
                .at(3.1).ack("192.168.2.12", 40000)
                .at(3.2).rst("192.168.2.12", 40000)          // P2 CLOSE until 13.2: rs1 = 2
                .at(4).finAck(x, 40000)                      // X FIN_WAIT: inactive, rs2 = 1
                .at(5).syn("192.168.2.13", 40000)            // (1,2) -> rs2
                .at(5.1).ack("192.168.2.13", 40000)
                .at(5.2).rst("192.168.2.13", 40000)          // P3 CLOSE until 15.2: rs2 = 2
                .at(6).rst(x, 40000)                         // X CLOSE until 16: inactive, rs2 = 2
                .at(15.5).syn("192.168.2.14", 40000)         // P1, P2, P3 expired: (1,0) -> rs1
                .at(16.5).syn("192.168.2.15", 40000);        // X expired: (0,256) -> rs2
        // Were the states not counted (every connection active until it expires), P2 would see
        // (256,256) and go to rs2.
        Result r = replayer.run(t, Replayer.rules("-s lc", RS1, 1, RS2, 1), Replayer.neigh(RS1, RS2));
        assertEquals(List.of("rs2", "rs1", "rs1", "rs2", "rs1", "rs2"), r.synServers());
        assertEquals(2, r.tracked(), "P4 and P5");
    }

    @Test
    void persistenceKeepsAClientOnOneServerUntilItsTemplateExpiresInCaptureTime() throws Exception {
        // rr -p 60 over rs3 rs2 rs1. A template per client address pins its new connections; the
        // template's 60 s restart with each new connection under it, and it expires only once the
        // connections it controls are gone (each closed here by ACK + RST: CLOSE, 10 s).
        Traffic t = new Traffic()
                .at(0).syn(A, 1000)            // no template: rr -> rs3; template A -> rs3 until 60
                .at(1).syn("192.168.1.9", 2000) // another client: rr -> rs2
                .at(2).ack(A, 1000)
                .at(3).rst(A, 1000)            // CLOSE until 13
                .at(10).syn(A, 1001)           // template -> rs3; template until 70
                .at(10.1).ack(A, 1001)
                .at(10.2).rst(A, 1001)         // CLOSE until 20.2
                .at(69).syn(A, 1002)           // template (1 s left) -> rs3; template until 129
                .at(69.1).ack(A, 1002)
                .at(69.2).rst(A, 1002)         // CLOSE until 79.2: the template controls nothing after that
                .at(129.1).syn(A, 1003);       // template expired at 129: rr again, after rs2 -> rs1
        Result r = rr(t, "-s rr -p 60");
        assertEquals(List.of("rs3", "rs2", "rs3", "rs3", "rs1"), r.synServers());
        assertArrayEquals(new long[] {3, 9, 360}, r.counters(RS3));
        // (expiry in capture time must run on the tick grid between frames: one catch-up at 129.1 would
        // still see A:1002, expired at 79.2, and keep the template for 60 s more — found by this test)
        // alive at 129.1: A's new connection and its new template (the other client's template
        // ended with its connection at 61, or one 60 s retry later if it was looked at first)
        assertEquals(2, r.tracked());
    }

    @Test
    void persistenceWithANetmaskPinsTheWholeSubnet() throws Exception {
        // -M 255.255.255.0: one template for 192.168.3.0/24; 192.168.4.1 is another client.
        Traffic t = new Traffic()
                .at(0).syn("192.168.3.1", 1000)   // rr -> rs3, template 192.168.3.0
                .at(1).syn("192.168.3.200", 1000) // same template -> rs3
                .at(2).syn("192.168.4.1", 1000)   // rr -> rs2
                .at(3).syn("192.168.3.7", 1000);  // -> rs3
        Result r = rr(t, "-s rr -p 60 -M 255.255.255.0");
        assertEquals(List.of("rs3", "rs3", "rs2", "rs3"), r.synServers());
    }
}
