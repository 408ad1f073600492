package io.lvs4j.cli.replay;

import static io.lvs4j.cli.replay.Replayer.MH1;
import static io.lvs4j.cli.replay.Replayer.MH2;
import static io.lvs4j.cli.replay.Replayer.MH3;
import static io.lvs4j.cli.replay.Replayer.RS1;
import static io.lvs4j.cli.replay.Replayer.RS2;
import static io.lvs4j.cli.replay.Replayer.RS3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lvs4j.cli.replay.Replayer.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedulers driven by real frames through offline replay: crafted captures of SYN then ACK
 * flows from many clients to VIP:80, three real servers seeded with --neigh, and the server of
 * every forwarded SYN read back from OUT.pcap by destination MAC. Each expected sequence is
 * derived by hand from ipvs-semantics.md in the comments (sh and mh through the reference hashes
 * of {@link ReferenceHashes}, which reproduce the semantics file's known answers).
 *
 * <p>List order is the reverse of the -a order: rules that add rs1, rs2, rs3 give the list
 * rs3, rs2, rs1.
 */
class ReplaySchedulersTest {
    @TempDir
    Path dir;
    Replayer replayer;

    @BeforeEach
    void setUp() {
        replayer = new Replayer(dir);
    }

    static String client(int i) {
        return "192.168.0." + i;
    }

    /** Clients 1..n, each a handshake (SYN, ACK 1 ms later) 10 ms after the previous one, from port 40000 + i. */
    static Traffic handshakes(int n) {
        Traffic t = new Traffic();
        for (int i = 1; i <= n; i++) {
            t.at(i * 0.010).handshake(client(i), 40000 + i);
        }
        return t;
    }

    /** Every flow stayed on one server, and the ACKs went where their SYN went. */
    static void assertFlowsKeepTheirServer(Result r) {
        for (Map.Entry<String, List<String>> e : r.serversByFlow().entrySet()) {
            assertEquals(1, e.getValue().size(), e.getKey() + " went to " + e.getValue());
        }
    }

    static List<String> repeat(int times, String... cycle) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            Collections.addAll(l, cycle);
        }
        return l;
    }

    @Test
    void rrTakesTheListInOrderFromTheHead() throws Exception {
        Result r = replayer.run(handshakes(12), Replayer.rules("-s rr", RS1, 1, RS2, 1, RS3, 1),
                Replayer.neigh(RS1, RS2, RS3));
        // list rs3 rs2 rs1; the cursor starts at the list head itself, so the first scan takes rs3,
        // then each scan starts after the last choice and wraps round.
        assertEquals(repeat(4, "rs3", "rs2", "rs1"), r.synServers());
        assertFlowsKeepTheirServer(r);
        assertEquals(24, r.forwarded().size());
        // 4 connections each; 8 segments of 40 bytes (IP length, as ipvsadm counts)
        assertArrayEquals(new long[] {4, 8, 320}, r.counters(RS1));
        assertArrayEquals(new long[] {4, 8, 320}, r.counters(RS2));
        assertArrayEquals(new long[] {4, 8, 320}, r.counters(RS3));
        assertEquals(12, r.tracked());
    }

    @Test
    void wrrBuiltServerByServerStartsWithOnePassAtWeightOne() throws Exception {
        // -A with no servers: mw = 0, cw = 0. Then each -a runs "dest changed": cursor = head, di and
        // mw recomputed, and cw = mw if cw > mw or cw == 0 (else rounded by di when di > 1):
        //   -a rs3 w2: di = 2, mw = 2 - (2 - 1) = 1, cw 0 -> 1
        //   -a rs2 w3: di = 1, mw = 3, cw stays 1
        //   -a rs1 w4: di = 1, mw = 4, cw stays 1            list A = rs1(4), B = rs2(3), C = rs3(2)
        // Select: first server from the cursor with weight >= cw; at the end of the list cw -= di,
        // and cw <= 0 wraps to mw.
        //   cw 1: A B C | cw 4: A | cw 3: A B | cw 2: A B C | cw 1: A B C | cw 4: A | cw 3: A B | cw 2: A B C
        // "A B C first, then the same cycle" (ipvs-semantics.md).
        Result r = replayer.run(handshakes(18), Replayer.rules("-s wrr", RS3, 2, RS2, 3, RS1, 4),
                Replayer.neigh(RS1, RS2, RS3));
        assertEquals(List.of(
                "rs1", "rs2", "rs3",
                "rs1", "rs1", "rs2", "rs1", "rs2", "rs3", "rs1", "rs2", "rs3",
                "rs1", "rs1", "rs2", "rs1", "rs2", "rs3"), r.synServers());
        assertFlowsKeepTheirServer(r);
    }

    @Test
    void wrrBoundToAFullListStartsAtTheMaximumWeight() throws Exception {
        // The same servers, but wrr is bound when they are all present (-E changes the scheduler:
        // init_service runs on the current list): di = 1, mw = 4 and cw = mw = 4 at once.
        //   cw 4: A | cw 3: A B | cw 2: A B C | cw 1: A B C, and again: "A A B A B C A B C…"
        String rules = Replayer.rules("-s rr", RS3, 2, RS2, 3, RS1, 4)
                + "-E -t " + Traffic.VIP + ":80 -s wrr\n";
        Result r = replayer.run(handshakes(18), rules, Replayer.neigh(RS1, RS2, RS3));
        assertEquals(repeat(2, "rs1", "rs1", "rs2", "rs1", "rs2", "rs3", "rs1", "rs2", "rs3"), r.synServers());
        // 18 connections split 4:3:2
        assertEquals(8, r.counters(RS1)[0]);
        assertEquals(6, r.counters(RS2)[0]);
        assertEquals(4, r.counters(RS3)[0]);
    }

    @Test
    void lcCountsActiveAs256AndInactiveAs1AndIgnoresWeights() throws Exception {
        // list rs3(w1) rs2(w5) rs1(w1); lc = least overhead (active*256 + inactive) among weight > 0,
        // ties to the earlier server. Overheads are written (rs3, rs2, rs1) before each choice.
        Traffic t = new Traffic()
                .at(0.00).syn(client(1), 40001)     // (0,0,0)        -> rs3   c1 SYN_RECV, active
                .at(0.01).ack(client(1), 40001)     //                          c1 ESTABLISHED, active
                .at(0.02).syn(client(2), 40002)     // (256,0,0)      -> rs2
                .at(0.03).ack(client(2), 40002)
                .at(0.04).finAck(client(1), 40001)  //                          c1 FIN_WAIT: inactive
                .at(0.05).syn(client(3), 40003)     // (1,256,0)      -> rs1
                .at(0.06).syn(client(4), 40004)     // (1,256,256)    -> rs3
                .at(0.07).ack(client(3), 40003)     //                          c3 ESTABLISHED
                .at(0.08).rst(client(3), 40003)     //                          c3 CLOSE: inactive
                .at(0.09).syn(client(5), 40005)     // (257,256,1)    -> rs1   (rr would take rs2)
                .at(0.10).finAck(client(2), 40002)  //                          c2 FIN_WAIT: inactive
                .at(0.11).syn(client(6), 40006)     // (257,1,257)    -> rs2
                .at(0.12).syn(client(7), 40007)     // (257,257,257)  -> rs3 (tie: first)
                .at(0.13).syn(client(8), 40008)     // (513,257,257)  -> rs2
                .at(0.14).syn(client(9), 40009);    // (513,513,257)  -> rs1
        // Had FIN and RST not moved c1, c3, c2 to inactive, c5 would see (512,256,256) and go to rs2.
        Result r = replayer.run(t, Replayer.rules("-s lc", RS1, 1, RS2, 5, RS3, 1), Replayer.neigh(RS1, RS2, RS3));
        assertEquals(List.of("rs3", "rs2", "rs1", "rs3", "rs1", "rs2", "rs3", "rs2", "rs1"), r.synServers());
        assertFlowsKeepTheirServer(r);
    }

    @Test
    void wlcWeighsOverheadAgainstWeight() throws Exception {
        // list rs3(w2) rs2(w1) rs1(w3); every connection stays active (SYN, ACK), so overhead =
        // 256 * connections. wlc: the first server is the candidate; a later d replaces it when
        // overhead(cand) * w(d) > overhead(d) * w(cand). In units of 256, (rs3, rs2, rs1):
        //   c1 (0,0,0): 0 > 0 never                                        -> rs3
        //   c2 (1,0,0): rs2: 1*1 > 0*2 yes; rs1: 0*3 > 0*1 no              -> rs2
        //   c3 (1,1,0): rs2: 1*1 > 1*2 no; rs1: 1*3 > 0*2 yes              -> rs1
        //   c4 (1,1,1): rs2: 1 > 2 no; rs1: 1*3 > 1*2 yes                  -> rs1
        //   c5 (1,1,2): rs2: 1 > 2 no; rs1: 1*3 > 2*2 no                   -> rs3
        //   c6 (2,1,2): rs2: 2*1 > 1*2 no (equal); rs1: 2*3 > 2*2 yes      -> rs1
        //   c7 (2,1,3): rs2: 2 > 2 no; rs1: 2*3 > 3*2 no                   -> rs3
        //   c8 (3,1,3): rs2: 3*1 > 1*2 yes, cand rs2; rs1: 1*3 > 3*1 no    -> rs2
        //   c9 (3,2,3): rs2: 3 > 4 no; rs1: 3*3 > 3*2 yes                  -> rs1
        Result r = replayer.run(handshakes(9), Replayer.rules("-s wlc", RS1, 3, RS2, 1, RS3, 2),
                Replayer.neigh(RS1, RS2, RS3));
        assertEquals(List.of("rs3", "rs2", "rs1", "rs1", "rs3", "rs1", "rs3", "rs2", "rs1"), r.synServers());
        assertFlowsKeepTheirServer(r);
    }

    @Test
    void shHashesTheClientAddressIntoWeightTiledBuckets() throws Exception {
        // list rs3(w1) rs2(w2) rs1(w1): the 256 buckets are filled in list order, each server
        // `weight` times, wrapping: rs3 rs2 rs2 rs1 rs3 rs2 rs2 rs1 …, so bucket b holds
        // [rs3, rs2, rs2, rs1][b mod 4]. Key = hash_32(address, 8) = top byte of address * 0x61C88647
        // (mod 2^32); the port does not count without sh-port. Each step adds 0x61C88647:
        //   192.168.0.1  0xc0608647 -> 192, mod 4 = 0 -> rs3
        //   192.168.0.2  0x22290c8e ->  34, 2 -> rs2      192.168.0.3  0x83f192d5 -> 131, 3 -> rs1
        //   192.168.0.4  0xe5ba191c -> 229, 1 -> rs2      192.168.0.5  0x47829f63 ->  71, 3 -> rs1
        //   192.168.0.6  0xa94b25aa -> 169, 1 -> rs2      192.168.0.7  0x0b13abf1 ->  11, 3 -> rs1
        //   192.168.0.8  0x6cdc3238 -> 108, 0 -> rs3      192.168.0.9  0xcea4b87f -> 206, 2 -> rs2
        //   192.168.0.10 0x306d3ec6 ->  48, 0 -> rs3      192.168.0.11 0x9235c50d -> 146, 2 -> rs2
        //   192.168.0.12 0xf3fe4b54 -> 243, 3 -> rs1
        List<String> expected = List.of("rs3", "rs2", "rs1", "rs2", "rs1", "rs2", "rs1", "rs3", "rs2", "rs3",
                "rs2", "rs1");
        String[] tiling = {"rs3", "rs2", "rs2", "rs1"};
        for (int i = 1; i <= 12; i++) {
            assertEquals(expected.get(i - 1), tiling[ReferenceHashes.hash32(Traffic.ip(client(i)), 8) % 4],
                    "reference hash_32 for " + client(i));
        }
        // each client twice, from two ports: the same server both times
        Traffic t = handshakes(12);
        for (int i = 1; i <= 12; i++) {
            t.at(1 + i * 0.010).handshake(client(i), 50000 + i);
        }
        Result r = replayer.run(t, Replayer.rules("-s sh", RS1, 1, RS2, 2, RS3, 1), Replayer.neigh(RS1, RS2, RS3));
        List<String> twice = new ArrayList<>(expected);
        twice.addAll(expected);
        assertEquals(twice, r.synServers());
        assertFlowsKeepTheirServer(r);
    }

    @Test
    void mhLooksTheClientUpInTheMaglevTable() throws Exception {
        // Servers 10.0.0.1..3:80 weight 1, list mh1 mh2 mh3 (added 3, 2, 1): ipvs-semantics.md's known
        // answers (offset/skip 3167/700, 1231/3544, 1631/3453; 1365/1364/1364 slots), which
        // ReplayReferenceHashesTest checks the reference against. Lookup: slot = hsiphash1(address) % 4093.
        //   192.168.0.1  0x8334668e -> 1278 mh2    192.168.0.2  0x19fbd6ed -> 1806 mh3
        //   192.168.0.3  0xecc738ee -> 1692 mh2    192.168.0.4  0x2f0a8536 -> 2261 mh2
        //   192.168.0.5  0x96d8fcb6 -> 2738 mh1    192.168.0.6  0xcfa2d5ea -> 3006 mh1
        //   192.168.0.7  0x83f04b2d -> 3293 mh3    192.168.0.8  0x7a622d16 ->  972 mh2
        //   192.168.0.9  0xdea70be8 ->  783 mh2    192.168.0.10 0xaed6bb74 -> 2524 mh3
        //   192.168.0.11 0x58e3c1d9 -> 4011 mh3    192.168.0.12 0x7c83a6b2 ->  962 mh2
        List<String> expected = List.of("mh2", "mh3", "mh2", "mh2", "mh1", "mh1", "mh3", "mh2", "mh2", "mh3",
                "mh3", "mh2");
        List<String> names = List.of("mh1", "mh2", "mh3");
        int[] table = ReferenceHashes.maglev(new int[] {Traffic.ip(MH1.ip()), Traffic.ip(MH2.ip()),
                Traffic.ip(MH3.ip())}, 80, 4093);
        for (int i = 1; i <= 12; i++) {
            assertEquals(expected.get(i - 1), names.get(table[ReferenceHashes.maglevSlot(Traffic.ip(client(i)), 4093)]),
                    "reference Maglev lookup for " + client(i));
        }
        Traffic t = handshakes(12);
        for (int i = 1; i <= 12; i++) {
            t.at(1 + i * 0.010).handshake(client(i), 50000 + i);
        }
        Result r = replayer.run(t, Replayer.rules("-s mh", MH3, 1, MH2, 1, MH1, 1), Replayer.neigh(MH1, MH2, MH3));
        List<String> twice = new ArrayList<>(expected);
        twice.addAll(expected);
        assertEquals(twice, r.synServers());
        assertFlowsKeepTheirServer(r);
        Map<String, Long> conns = new LinkedHashMap<>();
        for (Replayer.Server s : List.of(MH1, MH2, MH3)) {
            conns.put(s.name(), r.counters(s)[0]);
        }
        assertEquals(Map.of("mh1", 4L, "mh2", 12L, "mh3", 8L), conns);
    }
}
