package io.lvs4j.cli;

import static io.lvs4j.cli.RunRefusal.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lvs4j run --keepalived FILE` refuses a bad file or a bad combination in one line, exit 2, before anything starts. */
class KeepalivedRunTest {
    @TempDir
    Path dir;

    @Test
    void aSyntaxErrorNamesFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "virtual_server 10.0.0.100 80 {\n    lb_kind DR\n    lb_algo fastest\n}\n");
        // lo: the file is refused before any interface, capability or socket is touched
        assertEquals("lvs4j run: " + bad + ":3: unknown scheduler 'fastest' (allowed: rr wrr lc wlc sed nq fo ovf dh sh"
                + " mh lblc lblcr)", refused("run", "-i", "lo", "--keepalived", bad.toString(),
                "--control", dir.resolve("ctl.sock").toString()));
        assertEquals(false, Files.exists(dir.resolve("ctl.sock")), "no control socket");
    }

    @Test
    void rulesAndKeepalivedAreExclusive() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "");
        Files.writeString(dir.resolve("rules"), "");
        assertEquals("lvs4j run: -f and --keepalived are mutually exclusive: the table comes from one of them",
                refused("run", "-i", "lo", "-f", dir.resolve("rules").toString(), "--keepalived", conf.toString()));
    }

    @Test
    void expireNodestConnNeedsKeepalived() {
        assertEquals("lvs4j run: --expire-nodest-conn is for the health checks of --keepalived FILE",
                refused("run", "-i", "lo", "--expire-nodest-conn"));
    }
}
