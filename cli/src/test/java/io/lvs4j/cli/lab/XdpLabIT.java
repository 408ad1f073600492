package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run --io xdp}: the XDP program on the director's NIC sends the VIP's frames to the AF_XDP
 * socket (the driver's own counter of redirected frames grows with what the director forwarded),
 * passes the rest to the kernel (the director host's own connections work), follows the service
 * table (a deleted VIP's frames are no longer redirected), and leaves the NIC when the director
 * dies, even by SIGKILL. {@code --io auto} takes AF_XDP only with zero-copy, which veth lacks. With
 * {@code --busy-poll} the capture thread spins on the socket between frames, and still serves,
 * follows ipvsadm and stops on SIGTERM.
 */
@Tag("lab")
class XdpLabIT {
    private static final Pattern REDIRECTS = Pattern.compile("rx_queue_0_xdp_redirect:\\s+(\\d+)");
    private static final String RULES = "-A -t " + Lab.VIP + ":80 -s rr\n"
            + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS1 + ":80 -g -w 1\n"
            + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS2 + ":80 -g -w 1\n";
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
    void theVipsFramesComeByTheXdpSocketAndTheHostsOwnTrafficByTheKernel() throws Exception {
        try (DirectorProcess director = DirectorProcess.start(lab, RULES, 2, "--io", "xdp")) {
            assertTrue(director.log().contains("I/O on eth0: xdp (AF_XDP socket in copy mode, XDP program in native mode;"),
                    "start-up log names the mode:\n" + director.log());
            String link = lab.exec(5, "director", "ip", "link", "show", "dev", "eth0").orFail("ip link").out();
            assertTrue(link.contains("prog/xdp") && link.contains("lvs4j_vips"), "XDP program on eth0:\n" + link);

            long before = redirects();
            List<String> answers = lab.get(20);
            Map<String, Long> byServer = new TreeMap<>(answers.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
            assertEquals(Map.of("rs1", 10L, "rs2", 10L), byServer, "answers by server");
            long inPackets = inPackets();
            long redirected = redirects() - before;
            assertTrue(inPackets >= 20 * 3 && redirected >= inPackets,
                    "frames the driver sent to the socket (" + redirected + ") cover the service's InPkts (" + inPackets + ")");

            String own = lab.exec(30, "director", "curl", "-s", "-m", "10", "http://" + Lab.RS1 + "/").out().strip();
            assertEquals("rs1", own, "the director host's own HTTP request to rs1, past the XDP program");

            ok(lab.ipvsadm("-D", "-t", Lab.VIP + ":80"));
            long afterDelete = redirects();
            List<String> unserved = lab.exec(60, "client", "sh", "-c",
                    "for i in 1 2 3; do curl -s -m 2 http://" + Lab.VIP + "/ || echo FAILED; done").out().lines().toList();
            assertEquals(List.of("FAILED", "FAILED", "FAILED"), unserved, "requests to a deleted service");
            assertEquals(afterDelete, redirects(), "frames redirected after the VIP's service was deleted");
        }
    }

    @Test
    void aKilledDirectorLeavesNoProgramOnTheNicAndTheNextOneServes() throws Exception {
        DirectorProcess first = DirectorProcess.start(lab, RULES, 2, "--io", "xdp");
        try {
            assertTrue(xdpAttached(), "program attached while the director runs");
            first.signal("KILL");
            assertTrue(Shell.await(30_000, () -> !xdpAttached()), "program gone from eth0 after SIGKILL");
        } finally {
            first.close();
        }
        try (DirectorProcess second = DirectorProcess.start(lab, RULES, 2, "--io", "xdp")) {
            assertTrue(xdpAttached(), "the next director attaches its own program");
            assertEquals(2, lab.get(2).stream().filter(a -> a.startsWith("rs")).count(), "answers through the next director");
        }
    }

    @Test
    void aBusyPollingDirectorServesFollowsIpvsadmAndStops() throws Exception {
        try (DirectorProcess director = DirectorProcess.start(lab, RULES, 2, "--io", "xdp", "--busy-poll", "1000000")) {
            assertTrue(director.log().contains("busy polling: the capture thread spins up to 1000000 us"),
                    "start-up log names the spin:\n" + director.log());
            Map<String, Long> byServer = new TreeMap<>(lab.get(20).stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
            assertEquals(Map.of("rs1", 10L, "rs2", 10L), byServer, "answers by server");
            ok(lab.ipvsadm("-d", "-t", Lab.VIP + ":80", "-r", Lab.RS2 + ":80")); // answered from the spinning thread
            assertEquals(List.of("rs1", "rs1", "rs1", "rs1"), lab.get(4), "answers once rs2 is deleted");
            String summary = director.stop(); // fails unless it stops on SIGTERM
            long[] rs1 = DirectorProcess.serverCounters(summary).get(Lab.RS1 + ":80");
            assertTrue(rs1 != null && rs1[0] == 14, "rs1's connections in the summary after SIGTERM:\n" + summary);
        }
    }

    @Test
    void autoPassesOverCopyModeXdpOnVethAndTakesTheRing() throws Exception {
        try (DirectorProcess director = DirectorProcess.start(lab, RULES, 2, "--io", "auto")) {
            String log = director.log();
            assertTrue(log.contains("I/O on eth0: no zero-copy AF_XDP") && log.contains("I/O on eth0: ring"),
                    "start-up log says why auto took the ring:\n" + log);
            assertTrue(!xdpAttached(), "no program left on eth0 by the refused attempt");
            assertEquals(2, lab.get(2).stream().filter(a -> a.startsWith("rs")).count(), "answers through the ring");
        }
    }

    private static boolean xdpAttached() {
        return lab.exec(5, "director", "ip", "link", "show", "dev", "eth0").out().contains("prog/xdp");
    }

    /** The veth driver's count of frames its XDP program redirected on queue 0. */
    private static long redirects() {
        String stats = lab.exec(5, "director", "ethtool", "-S", "eth0").orFail("ethtool -S").out();
        Matcher m = REDIRECTS.matcher(stats);
        assertTrue(m.find(), "veth XDP redirect counter in ethtool -S:\n" + stats);
        return Long.parseLong(m.group(1));
    }

    private static long inPackets() {
        long[] service = IpvsadmStats.parse(ok(lab.ipvsadm("-Ln", "--stats", "--exact"))).get(Lab.VIP + ":80");
        return service == null ? 0 : service[1];
    }

    private static String ok(Shell.Result r) {
        assertEquals(0, r.exit(), "ipvsadm exit; stderr: " + r.err());
        return r.out();
    }
}
