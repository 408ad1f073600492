package io.lvs4j.control.ipvsadm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ipvsadm command lines of arbitrary words. The parser returns a command or throws one
 * IpvsadmException with a one-line message and an exit status ipvsadm uses; the executor, over a
 * real control plane, answers every command line and a refused one changes nothing.
 *
 * <p>An input is the arguments separated by NUL bytes (as /proc/PID/cmdline holds them); for
 * {@link #execute}, what follows the first 0x01 byte is the standard input (ipvsadm -R reads it).
 * Seeds: {@code src/test/resources/io/lvs4j/control/ipvsadm/IpvsadmParserFuzzTestInputs/<method>/}.
 */
class IpvsadmParserFuzzTest {
    private static final Set<Integer> EXIT_CODES = Set.of(IpvsadmException.BAD_USAGE, IpvsadmException.REFUSED,
            IpvsadmException.LIST_FAILED);
    private static final String SAVED_TABLE = resource("/ipvsadm/save.txt");

    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) {
        List<String> args = arguments(new String(input, StandardCharsets.UTF_8));
        try {
            IpvsadmCommand c = IpvsadmParser.parse(args);
            assertNotNull(c.kind(), args.toString());
        } catch (IpvsadmException e) {
            refusedInOneLine(e.getMessage(), e.exitCode(), args);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void execute(byte[] input) throws InterruptedException {
        String text = new String(input, StandardCharsets.UTF_8);
        int soh = text.indexOf('\u0001');
        List<String> args = arguments(soh < 0 ? text : text.substring(0, soh));
        String stdin = soh < 0 ? null : text.substring(soh + 1);
        ControlPlane control = savedTable();
        IpvsadmExecutor ipvsadm = new IpvsadmExecutor(control);
        String before = table(ipvsadm);

        Reply r = ipvsadm.execute(args, stdin);

        assertNotNull(r.stdout());
        if (r.exitCode() == 0) {
            assertEquals("", r.stderr(), args.toString());
        } else {
            assertTrue(r.stderr().endsWith("\n"), "stderr is a line: " + r.stderr());
            String line = r.stderr().substring(0, r.stderr().length() - 1);
            // "lvs4j: …" is the executor's answer to an exception it did not expect (or a datapath
            // it could not reach, which a direct TableAccess never is).
            assertFalse(line.startsWith("lvs4j:"), args + " escaped as " + line);
            refusedInOneLine(line, r.exitCode(), args);
            assertEquals(before, table(ipvsadm), "a refused " + args + " changed the table");
        }
    }

    private static void refusedInOneLine(String message, int exitCode, List<String> args) {
        assertNotNull(message, args.toString());
        assertFalse(message.isBlank(), args.toString());
        assertFalse(message.contains("\n") || message.contains("\r"), "one line for " + args + ": " + message);
        assertTrue(EXIT_CODES.contains(exitCode), "exit " + exitCode + " for " + args + ": " + message);
    }

    /** The table as ipvsadm shows it: -S and the timeouts (-S leaves them out). */
    private static String table(IpvsadmExecutor ipvsadm) {
        Reply saved = ipvsadm.execute(List.of("-S", "-n"), null);
        Reply timeouts = ipvsadm.execute(List.of("-L", "--timeout"), null);
        assertEquals(0, saved.exitCode(), saved.stderr());
        assertEquals(0, timeouts.exitCode(), timeouts.stderr());
        return saved.stdout() + timeouts.stdout();
    }

    /** A fresh control plane holding the golden tests' table, so edits and deletions have something to hit. */
    static ControlPlane savedTable() throws InterruptedException {
        Timeouts timeouts = new Timeouts();
        Tables tables = new Tables(new ServiceTable(), new ConnectionTable(64, timeouts), timeouts);
        ControlPlane control = new ControlPlane(TableAccess.direct(tables));
        RulesFile.parse("save.txt", SAVED_TABLE).applyTo(control);
        return control;
    }

    private static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        if (text.isEmpty()) {
            return args;
        }
        for (String a : text.split("\0", -1)) {
            args.add(a);
        }
        return args;
    }

    private static String resource(String name) {
        try (InputStream in = IpvsadmParserFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
