package io.lvs4j.control.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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

    private static List<GeneratedFile> realServer(String vips, Mode mode, Format format) {
        return new RealServerSetup(VipValidator.parseList(vips), mode).files(format);
    }

    private static String print(List<GeneratedFile> files) {
        StringWriter out = new StringWriter();
        Output.print(files, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aSingleFileIsPrintedBare() {
        String out = print(realServer("10.0.0.100", Mode.DR, Format.SCRIPT));
        assertTrue(out.startsWith("#!/bin/sh\n"), out);
    }

    @Test
    void allOnStdoutHeadsEachFile() {
        String out = print(realServer("10.0.0.100", Mode.DR, Format.ALL));
        List<String> headers = out.lines().filter(l -> l.startsWith("# ==> ")).toList();
        assertEquals(List.of("# ==> lvs4j-rs.sh <==", "# ==> ifcfg-lo:0 <==", "# ==> sysctl.conf.lvs4j-rs <==",
                "# ==> 90-lvs4j-rs.conf <==", "# ==> lvs4j-rs.service <=="), headers);
    }

    @Test
    void outWritesEveryFileAndSaysSo() throws Exception {
        Path out = tmp.resolve("new/dir");
        Output.checkDirectory(out);
        StringWriter said = new StringWriter();
        Output.write(realServer("10.0.0.100,10.0.0.101", Mode.TUN, Format.ALL), out, new PrintWriter(said));
        List<String> names = List.of("lvs4j-rs.sh", "ifcfg-tunl0", "ifcfg-tunl0:1", "sysctl.conf.lvs4j-rs",
                "modules-load-lvs4j-ipip.conf", "90-lvs4j-rs.conf", "lvs4j-rs.service");
        try (var listing = Files.list(out)) {
            assertEquals(names.stream().sorted().toList(),
                    listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : names) {
            assertTrue(said.toString().contains("wrote " + out.resolve(name) + " "), said.toString());
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
