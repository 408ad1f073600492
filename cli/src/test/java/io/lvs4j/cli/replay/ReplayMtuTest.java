package io.lvs4j.cli.replay;

import static io.lvs4j.cli.replay.Replayer.RS1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.cli.replay.Replayer.Result;
import io.lvs4j.cli.replay.Replayer.Sent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --mtu is the offline NIC's MTU, and no frame longer than MTU + 14 is written: a too-big DR
 * packet with DF becomes an ICMP "fragmentation needed" to the client, one without DF is fragmented.
 */
class ReplayMtuTest {
    static final String A = "192.168.1.1";

    @TempDir
    Path dir;
    Replayer replayer;

    @BeforeEach
    void setUp() {
        replayer = new Replayer(dir);
    }

    private Result replay(Traffic t, String... mtu) throws Exception {
        List<String> extra = new java.util.ArrayList<>(Replayer.neigh(RS1));
        extra.addAll(List.of(mtu));
        return replayer.run(t, Replayer.rules("-s rr", RS1, 1), extra);
    }

    private static List<Sent> ip(Result r) {
        return r.sent().stream().filter(s -> !s.kind().startsWith("arp")).toList();
    }

    private static int nextHopMtu(Sent icmp) {
        return Traffic.get16(icmp.frame(), 40);
    }

    @Test
    void byDefaultAFullSizePacketPassesAndOneByteMoreGetsIcmp() throws Exception {
        Traffic t = new Traffic().at(0).syn(A, 40000).at(1).data(A, 40000, 1500, true).at(2).data(A, 40000, 1508, true);
        Result r = replay(t);
        List<Sent> sent = ip(r);
        assertEquals(List.of("tcp", "tcp", "other"), sent.stream().map(Sent::kind).toList());
        assertEquals(1514, sent.get(1).frame().length);
        assertEquals(1500, nextHopMtu(sent.get(2)));
        assertTrue(r.out().contains("dropped: too big, icmp fragmentation-needed sent 1"), r.out());
    }

    @Test
    void mtuSetsTheLimit() throws Exception {
        // 1408 bytes: the largest packet a NIC of MTU 1400 captures whole (snap length MTU + 22).
        Traffic t = new Traffic().at(0).syn(A, 40000).at(1).data(A, 40000, 1400, true)
                .at(2).data(A, 40000, 1408, true).at(3).data(A, 40000, 1408, false);
        Result r = replay(t, "--mtu", "1400");
        List<Sent> sent = ip(r);
        // The last two: the first fragment (TCP header) and the second (the rest of the data).
        assertEquals(List.of("tcp", "tcp", "other", "tcp", "other"), sent.stream().map(Sent::kind).toList());
        assertEquals(1400, nextHopMtu(sent.get(2)), "the client learns our MTU");
        for (Sent s : sent) {
            assertTrue(s.frame().length <= 1414, "frame of " + s.frame().length + " bytes");
        }
        assertTrue(r.out().contains("route fragments sent 2"), r.out());
    }
}
