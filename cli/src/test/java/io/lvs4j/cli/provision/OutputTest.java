package io.lvs4j.cli.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stdout framing and the files {@code --out} writes. */
class OutputTest {

    @TempDir
    Path tmp;

    @Test
    void aSingleFileIsPrintedBare() {
        Cli.Result r = Cli.run("rs-setup", "--vip", "10.0.0.100", "--mode", "dr");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("#!/bin/sh\n"), r.out());
    }

    @Test
    void allOnStdoutHeadsEachFile() {
        Cli.Result r = Cli.run("rs-setup", "--vip", "10.0.0.100", "--mode", "dr", "--format", "all");
        assertEquals(0, r.exit(), r.err());
        List<String> headers = r.out().lines().filter(l -> l.startsWith("# ==> ")).toList();
        assertEquals(List.of("# ==> lvs4j-rs.sh <==", "# ==> ifcfg-lo:0 <==", "# ==> sysctl.conf.lvs4j-rs <==",
                "# ==> 90-lvs4j-rs.conf <==", "# ==> lvs4j-rs.service <=="), headers);
    }

    @Test
    void outWritesEveryFileAndSaysSo() throws Exception {
        Path out = tmp.resolve("new/dir");
        Cli.Result r = Cli.run("rs-setup", "--vip", "10.0.0.100,10.0.0.101", "--mode", "tun", "--format", "all",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> names = List.of("lvs4j-rs.sh", "ifcfg-tunl0", "ifcfg-tunl0:1", "sysctl.conf.lvs4j-rs",
                "modules-load-lvs4j-ipip.conf", "90-lvs4j-rs.conf", "lvs4j-rs.service");
        try (var listing = Files.list(out)) {
            assertEquals(names.stream().sorted().toList(),
                    listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : names) {
            assertTrue(r.out().contains("wrote " + out.resolve(name) + " "), r.out());
        }
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("lvs4j-rs.sh"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("ifcfg-tunl0"))));
    }

    @Test
    void theArpSettingsAreTheSameInEveryFormat() {
        RealServerSetup rs = new RealServerSetup(VipValidator.parseList("10.0.0.100"), Mode.DR);
        String all = String.join("\n", rs.files(Format.ALL).stream().map(GeneratedFile::content).toList());
        for (Sysctl s : rs.sysctls()) {
            assertTrue(all.contains(s.assignment()), "script lacks " + s.assignment());
            assertTrue(all.contains(s.key() + " = " + s.value()), "sysctl formats lack " + s.key());
        }
    }
}
