package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard in a network namespace of the test's own: a local address answers a SYN (with a RST) until the
 * guard drops its packets, and answers again once the guard is closed. Needs root and nft
 * (skipped without them, except under CI=true).
 */
class NftGuardTest {
    private static final String ADDRESS = "10.9.9.9";
    private final String ns = "l4jnft" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));

    @BeforeEach
    void namespace() throws Exception {
        boolean ready = "0".equals(run("id", "-u").strip()) && exit("nft", "--version") == 0;
        if (!ready && "true".equals(System.getenv("CI"))) {
            fail("prerequisite missing: root and nft (CI=true: the guard test must run)");
        }
        Assumptions.assumeTrue(ready, "needs root and nft");
        assertEquals(0, exit("ip", "netns", "add", ns));
        assertEquals(0, exit("ip", "-n", ns, "link", "set", "lo", "up"));
        assertEquals(0, exit("ip", "-n", ns, "addr", "add", ADDRESS + "/32", "dev", "lo"));
    }

    @AfterEach
    void removeNamespace() throws Exception {
        exit("ip", "netns", "del", ns);
    }

    private List<String> nft() {
        return List.of("ip", "netns", "exec", ns, "nft");
    }

    @Test
    void dropsWhatItGuardsUntilClosed() throws Exception {
        assertTrue(answersSyn(), "no guard yet");
        try (NftGuard guard = NftGuard.install(nft(), "lvs4j_test", List.of("ip daddr " + ADDRESS + " counter drop"))) {
            assertFalse(answersSyn(), "guarded");
            assertTrue(run("ip", "netns", "exec", ns, "nft", "list", "table", "ip", "lvs4j_test").contains("prerouting"));
            guard.replace(List.of("ip daddr 10.9.9.10 drop"));
            assertTrue(answersSyn(), "guard replaced by one for another address");
        }
        assertTrue(answersSyn(), "guard closed");
        assertEquals("", run("ip", "netns", "exec", ns, "nft", "list", "tables").strip(), "table removed");
    }

    @Test
    void replacesAStaleTableOfACrashedRun() throws Exception {
        NftGuard.install(nft(), "lvs4j_test", List.of("ip daddr " + ADDRESS + " drop")); // never closed
        try (NftGuard guard = NftGuard.install(nft(), "lvs4j_test", List.of("ip daddr 10.9.9.10 drop"))) {
            assertTrue(answersSyn(), "the stale rule is gone");
            String listing = run("ip", "netns", "exec", ns, "nft", "list", "ruleset");
            assertEquals(1, listing.split("table ip lvs4j_test", -1).length - 1, listing);
        }
    }

    @Test
    void refusesBadInputWithoutChangingTheGuard() throws Exception {
        try (NftGuard guard = NftGuard.install(nft(), "lvs4j_test", List.of("ip daddr " + ADDRESS + " drop"))) {
            assertThrows(IllegalArgumentException.class, () -> guard.replace(List.of("drop; flush ruleset")));
            DirectorException e = assertThrows(DirectorException.class, () -> guard.replace(List.of("ip daddr nonsense drop")));
            assertTrue(e.getMessage().contains("table ip lvs4j_test"), e.getMessage());
            assertFalse(answersSyn(), "the old rule set still holds");
        }
        assertThrows(IllegalArgumentException.class, () -> NftGuard.install(nft(), "bad name", List.of()));
    }

    /**
     * Whether the namespace's stack answers a TCP SYN to the address: nothing listens, so an
     * answer is a RST (connection refused, exit 1); a dropped SYN runs into the timeout (exit 124).
     */
    private boolean answersSyn() throws Exception {
        int exit = exit("ip", "netns", "exec", ns, "timeout", "10", "bash", "-c", "exec 3<>/dev/tcp/" + ADDRESS + "/80");
        assertTrue(exit == 1 || exit == 124, "unexpected exit " + exit);
        return exit == 1;
    }

    private static int exit(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return p.exitValue();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
