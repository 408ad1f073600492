package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.keepalived.KeepalivedParser;
import io.lvs4j.control.keepalived.MiscCheckConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MISC_CHECK with real programs, its misc_path read by the parser. */
class MiscCheckerTest {
    @TempDir
    Path dir;

    MiscChecker checker(String miscLines) throws Exception {
        Path file = dir.resolve("k.conf");
        Files.writeString(file, "virtual_server 10.0.0.1 80 {\n lb_kind DR\n real_server 10.1.0.1 80 {\n"
                + "  MISC_CHECK {\n" + miscLines + "\n  }\n }\n}\n");
        return new MiscChecker((MiscCheckConfig) KeepalivedParser.parse(file).virtualServers().get(0)
                .realServers().get(0).checkers().get(0));
    }

    @Test
    void exitZeroIsUpAnythingElseDown() throws Exception {
        CheckResult up = checker("misc_path /bin/true").check();
        assertTrue(up.up());
        assertEquals("/bin/true exited 0", up.reason());
        assertEquals(-1, up.weight());
        CheckResult down = checker("misc_path /bin/false").check();
        assertFalse(down.up());
        assertEquals("/bin/false exited 1", down.reason());
        CheckResult twelve = checker("misc_path \"/bin/sh -c 'exit 12'\"").check();
        assertFalse(twelve.up(), "without misc_dynamic any non-zero exit is down");
        assertEquals("/bin/sh exited 12", twelve.reason());
    }

    @Test
    void noShellUnlessTheCommandNamesOne() throws Exception {
        // A shell would run `false` after the `;`; without one, echo prints "hi; false" and exits 0.
        assertTrue(checker("misc_path \"/bin/echo hi; false\"").check().up());
        assertTrue(checker("misc_path \"/bin/sh -c 'echo hi; true'\"").check().up());
        assertFalse(checker("misc_path \"/bin/sh -c 'echo hi; false'\"").check().up());
    }

    @Test
    void quotesKeepBlanksInsideOneArgument() throws Exception {
        assertTrue(checker("misc_path \"/usr/bin/test 'a b' = 'a b'\"").check().up());
        assertFalse(checker("misc_path \"/usr/bin/test 'a b' = a\"").check().up());
    }

    @Test
    void miscDynamicSetsTheWeightFromTheExitCode() throws Exception {
        CheckResult weighted = checker("misc_path \"/bin/sh -c 'exit 12'\"\n misc_dynamic").check();
        assertTrue(weighted.up());
        assertEquals(10, weighted.weight());
        assertEquals("/bin/sh exited 12 (misc_dynamic: weight 10)", weighted.reason());
        CheckResult two = checker("misc_path \"/bin/sh -c 'exit 2'\"\n misc_dynamic").check();
        assertTrue(two.up());
        assertEquals(0, two.weight());
        assertFalse(checker("misc_path /bin/false\n misc_dynamic").check().up(), "1 is down");
        CheckResult zero = checker("misc_path /bin/true\n misc_dynamic").check();
        assertTrue(zero.up());
        assertEquals(-1, zero.weight(), "0: the configured weight");
    }

    @Test
    void aProgramStillRunningAtMiscTimeoutIsKilled() throws Exception {
        MiscChecker slow = checker("misc_path \"/bin/sleep 300\"\n misc_timeout 0.3");
        CheckResult r = slow.check();
        assertFalse(r.up());
        assertEquals("/bin/sleep still running after 0.3s (misc_timeout), killed", r.reason());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.current().children().anyMatch(p -> p.info().command().orElse("").endsWith("sleep"))) {
            assertTrue(System.nanoTime() < deadline, "the sleep is still alive");
            Thread.sleep(20);
        }
    }

    @Test
    void aMissingProgramIsDown() throws Exception {
        CheckResult r = checker("misc_path /nonexistent/check-web").check();
        assertFalse(r.up());
        assertTrue(r.reason().startsWith("cannot run /nonexistent/check-web: "), r.reason());
    }
}
