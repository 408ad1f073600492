package io.lvs4j.control.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated real-server script on a real kernel, each run in a fresh network namespace (the
 * net.ipv4.conf sysctls are per namespace, so the host is never touched). No traffic is sent.
 */
@Tag("lab")
class RealServerScriptLabTest {

    private static final String VIP = "10.0.0.100";
    private static final List<String> ARP = List.of("net/ipv4/conf/all/arp_ignore", "net/ipv4/conf/lo/arp_ignore",
            "net/ipv4/conf/all/arp_announce", "net/ipv4/conf/lo/arp_announce");

    @TempDir
    Path tmp;

    @BeforeEach
    void prerequisites() {
        Prerequisites.require(Prerequisites.root(), "root (network namespaces)");
        Prerequisites.require(Prerequisites.onPath("ip"), "ip (iproute2)");
    }

    private Path script(Mode mode) throws Exception {
        GeneratedFile f = new RealServerSetup(VipValidator.parseList(VIP), mode).files(Format.SCRIPT).get(0);
        return Files.writeString(tmp.resolve(mode + ".sh"), f.content());
    }

    /** Runs the script inside the namespace with the test's own state directory. */
    private Proc.Result run(Netns ns, Path script, String action) {
        return ns.exec("env", "LVS4J_STATE_DIR=" + tmp.resolve("state"), "sh", script.toString(), action);
    }

    private static Map<String, String> sysctls(Netns ns, List<String> paths) {
        Map<String, String> m = new LinkedHashMap<>();
        paths.forEach(p -> m.put(p, ns.sysctl(p)));
        return m;
    }

    private static long vipCount(Netns ns, String dev) {
        return ns.ok("ip", "-o", "-4", "addr", "show", "dev", dev).lines()
                .filter(l -> l.contains(" inet " + VIP + "/32 ")).count();
    }

    @Test
    void drStartIsIdempotentAndStopRestores() throws Exception {
        Path script = script(Mode.DR);
        try (Netns ns = Netns.create()) {
            ns.ok("sh", "-c", "echo 1 > /proc/sys/net/ipv4/conf/lo/arp_announce"); // a non-default to restore
            Map<String, String> before = sysctls(ns, ARP);
            assertEquals(3, run(ns, script, "status").exit());

            Proc.Result start = run(ns, script, "start");
            assertEquals(0, start.exit(), start.output());
            assertEquals(Map.of(ARP.get(0), "1", ARP.get(1), "1", ARP.get(2), "2", ARP.get(3), "2"), sysctls(ns, ARP));
            assertEquals(1, vipCount(ns, "lo"));
            String afterFirst = ns.ok("ip", "-o", "addr") + sysctls(ns, ARP);

            Proc.Result again = run(ns, script, "start");
            assertEquals(0, again.exit(), again.output());
            assertEquals(afterFirst, ns.ok("ip", "-o", "addr") + sysctls(ns, ARP), "a second start changed something");
            Proc.Result status = run(ns, script, "status");
            assertEquals(0, status.exit(), status.output());

            Proc.Result stop = run(ns, script, "stop");
            assertEquals(0, stop.exit(), stop.output());
            assertEquals(before, sysctls(ns, ARP));
            assertEquals(0, vipCount(ns, "lo"));
            Proc.Result stopped = run(ns, script, "status");
            assertEquals(3, stopped.exit(), stopped.output());
            assertTrue(stopped.output().contains("missing: " + VIP + "/32 on lo"), stopped.output());
        }
    }

    @Test
    void namespacesSharingTheStateDirectoryKeepTheirOwnValues() throws Exception {
        Path script = script(Mode.DR);
        try (Netns a = Netns.create(); Netns b = Netns.create()) {
            b.ok("sh", "-c", "echo 1 > /proc/sys/net/ipv4/conf/all/arp_announce");
            Map<String, String> beforeA = sysctls(a, ARP);
            Map<String, String> beforeB = sysctls(b, ARP);
            assertNotEquals(beforeA, beforeB);
            assertEquals(0, run(a, script, "start").exit());
            assertEquals(0, run(b, script, "start").exit());
            assertEquals(0, run(a, script, "stop").exit());
            assertEquals(0, run(b, script, "stop").exit());
            assertEquals(beforeA, sysctls(a, ARP));
            assertEquals(beforeB, sysctls(b, ARP));
        }
    }

    @Test
    void tunSetsUpTunl0OrPointsToDecap() throws Exception {
        Path script = script(Mode.TUN);
        try (Netns probe = Netns.create(); Netns ns = Netns.create()) {
            boolean ipip = probe.exec("sh", "-c", "ip link show tunl0 || ip link add tunl0 type ipip").exit() == 0
                    || probe.exec("ip", "link", "show", "tunl0").exit() == 0;
            Map<String, String> before = sysctls(ns, ARP);
            Proc.Result start = run(ns, script, "start");
            if (!ipip) {
                assertNotEquals(0, start.exit(), start.output());
                assertEquals(1, start.output().strip().lines().count(), start.output());
                assertTrue(start.output().contains("ipip") && start.output().contains("lvs4j decap -i IFACE --vip " + VIP),
                        start.output());
                assertEquals(before, sysctls(ns, ARP), "a failed start must change nothing");
                assertEquals(3, run(ns, script, "status").exit());
                return;
            }
            List<String> rp = List.of("net/ipv4/conf/all/rp_filter", "net/ipv4/conf/tunl0/rp_filter");
            assertEquals(0, start.exit(), start.output());
            assertEquals(List.of("1", "1", "2", "2"), List.copyOf(sysctls(ns, ARP).values()));
            assertEquals(List.of("0", "0"), List.copyOf(sysctls(ns, rp).values()));
            assertEquals(1, vipCount(ns, "tunl0"));
            String afterFirst = ns.ok("ip", "-o", "addr") + sysctls(ns, ARP) + sysctls(ns, rp);
            assertEquals(0, run(ns, script, "start").exit());
            assertEquals(afterFirst, ns.ok("ip", "-o", "addr") + sysctls(ns, ARP) + sysctls(ns, rp));
            assertEquals(0, run(ns, script, "status").exit());
            assertEquals(0, run(ns, script, "stop").exit());
            assertEquals(before, sysctls(ns, ARP));
            assertEquals(0, vipCount(ns, "tunl0"));
            assertEquals(3, run(ns, script, "status").exit());
        }
    }
}
