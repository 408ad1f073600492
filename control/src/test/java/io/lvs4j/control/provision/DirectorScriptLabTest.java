package io.lvs4j.control.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated director script in a fresh namespace, on a veth pair that exists only there.
 * No traffic is sent.
 */
@Tag("lab")
class DirectorScriptLabTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void prerequisites() {
        Prerequisites.require(Prerequisites.root(), "root (network namespaces)");
        Prerequisites.require(Prerequisites.onPath("ip"), "ip (iproute2)");
        Prerequisites.require(Prerequisites.onPath("ethtool"), "ethtool");
        Prerequisites.require(Prerequisites.onPath("nft"), "nft (nftables)");
    }

    private Proc.Result run(Netns ns, Path script, String action) {
        return ns.exec("env", "LVS4J_STATE_DIR=" + tmp.resolve("state"), "sh", script.toString(), action);
    }

    private Netns withVeth() {
        Netns ns = Netns.create();
        ns.ok("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d1");
        ns.ok("ip", "link", "set", "d0", "up");
        ns.ok("ethtool", "-K", "d0", "gro", "on");
        ns.ok("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
        return ns;
    }

    private Path script(VipMode mode) throws Exception {
        GeneratedFile f = DirectorSetup.of(VipValidator.parseList("10.0.0.100,10.0.0.101"), "d0", mode, null)
                .files(Format.SCRIPT).get(0);
        return Files.writeString(tmp.resolve(mode + ".sh"), f.content());
    }

    private static String gro(Netns ns) {
        return gro(ns, "d0");
    }

    private static String gro(Netns ns, String nic) {
        return ns.ok("ethtool", "-k", nic).lines().filter(l -> l.startsWith("generic-receive-offload:"))
                .findFirst().orElseThrow();
    }

    @Test
    void kernelModeAddsLabelsAndGuardAndStopRemovesThem() throws Exception {
        Path script = script(VipMode.KERNEL);
        try (Netns ns = withVeth()) {
            assertEquals(3, run(ns, script, "status").exit());
            Proc.Result start = run(ns, script, "start");
            assertEquals(0, start.exit(), start.output());
            assertEquals("0", ns.sysctl("net/ipv4/ip_forward"));
            assertEquals("generic-receive-offload: off", gro(ns));
            String addrs = ns.ok("ip", "-o", "-4", "addr", "show", "dev", "d0");
            assertTrue(addrs.contains("inet 10.0.0.100/32 scope global d0:0"), addrs);
            assertTrue(addrs.contains("inet 10.0.0.101/32 scope global d0:1"), addrs);
            String rules = ns.ok("nft", "list", "table", "ip", "lvs4j");
            assertTrue(rules.contains("hook prerouting priority raw") && rules.contains("10.0.0.100, 10.0.0.101"), rules);
            assertEquals(0, run(ns, script, "start").exit(), "second start");
            assertEquals(addrs, ns.ok("ip", "-o", "-4", "addr", "show", "dev", "d0"));
            assertEquals(0, run(ns, script, "status").exit());

            Proc.Result stop = run(ns, script, "stop");
            assertEquals(0, stop.exit(), stop.output());
            assertEquals("1", ns.sysctl("net/ipv4/ip_forward"));
            assertEquals("generic-receive-offload: on", gro(ns));
            assertFalse(ns.ok("ip", "-o", "-4", "addr", "show", "dev", "d0").contains("10.0.0.10"));
            assertTrue(ns.exec("nft", "list", "table", "ip", "lvs4j").exit() != 0, "guard still there");
            assertEquals(3, run(ns, script, "status").exit());
        }
    }

    @Test
    void ownModeRefusesALocalVip() throws Exception {
        Path script = script(VipMode.OWN);
        try (Netns ns = withVeth()) {
            ns.ok("ip", "addr", "add", "10.0.0.101/32", "dev", "d0");
            Proc.Result start = run(ns, script, "start");
            assertEquals(1, start.exit(), start.output());
            assertTrue(start.output().contains("10.0.0.101 is an address of this host"), start.output());
            assertEquals("1", ns.sysctl("net/ipv4/ip_forward"), "a refused start must change nothing");

            ns.ok("ip", "addr", "del", "10.0.0.101/32", "dev", "d0");
            assertEquals(0, run(ns, script, "start").exit());
            assertEquals(0, run(ns, script, "status").exit());
            assertEquals(0, run(ns, script, "stop").exit());
            assertEquals("1", ns.sysctl("net/ipv4/ip_forward"));
        }
    }

    @Test
    void natModeTurnsOffloadsOffOnBothNicsAndNamesTheGateway() throws Exception {
        GeneratedFile f = DirectorSetup.of(VipValidator.parseList("10.0.0.100"), "d0", "p0", VipMode.OWN, null)
                .files(Format.SCRIPT).get(0);
        Path script = Files.writeString(tmp.resolve("nat.sh"), f.content());
        try (Netns ns = withVeth()) {
            ns.ok("ip", "link", "add", "p0", "type", "veth", "peer", "name", "p1");
            ns.ok("ip", "link", "set", "p0", "up");
            ns.ok("ethtool", "-K", "p0", "gro", "on");
            Proc.Result noAddress = run(ns, script, "start");
            assertEquals(1, noAddress.exit(), noAddress.output());
            assertTrue(noAddress.output().contains("p0 has no IPv4 address"), noAddress.output());
            assertEquals("generic-receive-offload: on", gro(ns, "p0"), "a refused start must change nothing");

            ns.ok("ip", "addr", "add", "10.0.1.1/24", "dev", "p0");
            Proc.Result start = run(ns, script, "start");
            assertEquals(0, start.exit(), start.output());
            assertTrue(start.output().contains("lvs4j rs-setup --mode nat --gateway 10.0.1.1"), start.output());
            assertEquals("generic-receive-offload: off", gro(ns, "d0"));
            assertEquals("generic-receive-offload: off", gro(ns, "p0"));
            assertEquals(0, run(ns, script, "status").exit());

            Proc.Result stop = run(ns, script, "stop");
            assertEquals(0, stop.exit(), stop.output());
            assertEquals("generic-receive-offload: on", gro(ns, "d0"));
            assertEquals("generic-receive-offload: on", gro(ns, "p0"));
            assertEquals("1", ns.sysctl("net/ipv4/ip_forward"));
        }
    }
}
