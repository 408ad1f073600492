package io.lvs4j.cli.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input: exit 2, one line naming the bad value and what is allowed, nothing written. */
class ValidationTest {

    @TempDir
    Path tmp;

    private void assertRejected(String badValue, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains(badValue), () -> "error does not name '" + badValue + "': " + r.err());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing may be written on bad input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.0.9", "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255", "10.0.0", "10.0.0.256", "010.0.0.1", "10.0.0.1.5", "vip.example.com",
            "::1", "10.0.0.1/32", " "})
    void rsSetupRejectsBadVips(String vip) {
        assertRejected(vip.strip(), "rs-setup", "--vip", vip, "--mode", "dr", "--out", tmp.resolve("out").toString());
    }

    @Test
    void aBadVipInAListIsNamed() {
        assertRejected("224.1.1.1", "rs-setup", "--vip", "10.0.0.1,224.1.1.1", "--mode", "tun",
                "--format", "all", "--out", tmp.resolve("out").toString());
    }

    @Test
    void emptyListElementAndDuplicatesAreRejected() {
        assertRejected("10.0.0.1,,10.0.0.2", "rs-setup", "--vip", "10.0.0.1,,10.0.0.2", "--mode", "dr");
        assertRejected("10.0.0.1", "rs-setup", "--vip", "10.0.0.1,10.0.0.1", "--mode", "dr");
    }

    @Test
    void unknownModeAndFormatNameTheValueAndTheChoices() {
        Cli.Result mode = Cli.run("rs-setup", "--vip", "10.0.0.1", "--mode", "ftp");
        assertEquals(2, mode.exit());
        assertTrue(mode.err().contains("'ftp'") && mode.err().contains("dr, tun, nat"), mode.err());
        Cli.Result format = Cli.run("rs-setup", "--vip", "10.0.0.1", "--mode", "dr", "--format", "yaml");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("'yaml'") && format.err().contains("script, ifcfg, sysctl, systemd, all"),
                format.err());
    }

    @Test
    void natTakesAGatewayAndNoVipAndDrTunTheOpposite() {
        Cli.Result ok = Cli.run("rs-setup", "--mode", "nat", "--gateway", "10.0.1.1");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("GATEWAY='10.0.1.1'") && ok.out().contains("ip -4 route replace default via \"$GATEWAY\""),
                ok.out());
        assertRefused("--mode nat needs --gateway IP: the director's address on the real servers' network",
                "rs-setup", "--mode", "nat");
        assertRefused("--vip is for --mode dr and tun: a NAT real server holds no VIP",
                "rs-setup", "--mode", "nat", "--gateway", "10.0.1.1", "--vip", "10.0.0.100");
        assertRefused("--gateway is for --mode nat (dr and tun servers keep their own routes)",
                "rs-setup", "--mode", "dr", "--vip", "10.0.0.100", "--gateway", "10.0.1.1");
        assertRefused("--vip VIP[,VIP...] is required with --mode dr and tun", "rs-setup", "--mode", "tun");
        assertRefused("--format ifcfg has nothing to write for --mode nat (a default route only): use script or systemd",
                "rs-setup", "--mode", "nat", "--gateway", "10.0.1.1", "--format", "ifcfg");
        Cli.Result all = Cli.run("rs-setup", "--mode", "nat", "--gateway", "10.0.1.1", "--format", "all");
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().contains("lvs4j-rs.service"), all.out());
    }

    private static void assertRefused(String message, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exit(), String.join(" ", args));
        assertEquals("lvs4j rs-setup: " + message, r.err().strip(), String.join(" ", args));
    }

    @Test
    void choicesAreCaseInsensitive() {
        assertEquals(0, Cli.run("rs-setup", "--vip", "10.0.0.1", "--mode", "DR", "--format", "Sysctl").exit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "eth0:0", "a/b", "has space", "tab\tx", "sixteen-chars-xx", ".", "..", "eth$0"})
    void directorSetupRejectsBadInterfaceNames(String iface) {
        assertRejected("'" + iface + "'", "director-setup", "--vip", "10.0.0.100", "-i", iface,
                "--no-check", "--out", tmp.resolve("out").toString());
    }

    @Test
    void directorSetupRejectsAMissingInterfaceUnlessNoCheck() {
        assertRejected("'eth9'", "director-setup", "--vip", "10.0.0.100", "-i", "eth9",
                "--out", tmp.resolve("out").toString());
        assertEquals(0, Cli.run("director-setup", "--vip", "10.0.0.100", "-i", "eth9", "--no-check").exit());
    }

    @Test
    void directorSetupRejectsAnAddressOfThisHost() {
        // The fake host in Cli owns 192.0.2.1 on eth0.
        assertRejected("192.0.2.1", "director-setup", "--vip", "10.0.0.100,192.0.2.1", "-i", "eth0",
                "--vip-mode", "kernel", "--out", tmp.resolve("out").toString());
    }

    @Test
    void kernelModeLabelMustFitIfnamsiz() {
        // 14 characters + ":0" is 16, one more than the kernel allows for a label.
        assertRejected("'fifteen-chars1'", "director-setup", "--vip", "10.0.0.100", "-i", "fifteen-chars1",
                "--vip-mode", "kernel", "--no-check");
    }

    @Test
    void outMustNotBeAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Cli.Result r = Cli.run("rs-setup", "--vip", "10.0.0.1", "--mode", "dr", "--out", file.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("lvs4j rs-setup: --out '" + file + "'"), r.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void errorsAreOneLine() {
        Cli.Result r = Cli.run("rs-setup", "--vip", "127.0.0.1", "--mode", "dr");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("lvs4j rs-setup: '127.0.0.1' is a loopback address"), r.err());
    }

    @Test
    void directorSetupNatNeedsAPrivateInterfaceAndOnlyNatTakesOne() {
        assertRejected("--private-interface", "director-setup", "--vip", "10.0.0.100", "-i", "eth0", "--mode", "nat");
        assertRejected("--private-interface", "director-setup", "--vip", "10.0.0.100", "-i", "eth0",
                "--private-interface", "eth1", "--no-check");
        assertRejected("eth1", "director-setup", "--vip", "10.0.0.100", "-i", "eth0", "--mode", "nat",
                "--private-interface", "eth1");
    }
}
