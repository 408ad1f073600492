package io.lvs4j.control.ipvsadm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.ServiceState;
import io.lvs4j.control.TableChange.SetTimeouts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arbitrary text as a rules file (ipvsadm -R, run -f), parsed and applied to a control plane
 * holding the golden tests' table: it is applied whole, or refused with one RulesFileException
 * ({@code NAME:LINE: reason}, one line, a line the file has) and the table is as it was. Seeds:
 * {@code src/test/resources/io/lvs4j/control/ipvsadm/RulesFileFuzzTestInputs/apply/}.
 */
class RulesFileFuzzTest {
    private static final String NAME = "fuzz.rules";
    private static final Pattern WHERE = Pattern.compile(Pattern.quote(NAME) + ":([0-9]+): .+");

    @FuzzTest(maxDuration = "30s")
    void apply(byte[] input) throws InterruptedException {
        String text = new String(input, StandardCharsets.UTF_8);
        ControlPlane control = IpvsadmParserFuzzTest.savedTable();
        List<ServiceState> services = control.services();
        SetTimeouts timeouts = control.timeouts();
        RulesFile rules;
        try {
            rules = RulesFile.parse(NAME, text);
        } catch (RulesFileException e) {
            refusedAtALine(e, text);
            return;
        }
        try {
            rules.applyTo(control);
        } catch (RulesFileException e) {
            refusedAtALine(e, text);
            assertEquals(services, control.services(), "a refused file changed the services");
            assertEquals(timeouts, control.timeouts(), "a refused file changed the timeouts");
        }
    }

    private static void refusedAtALine(RulesFileException e, String text) {
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        Matcher where = WHERE.matcher(m);
        assertTrue(where.matches(), "NAME:LINE: reason: " + m);
        int line = Integer.parseInt(where.group(1));
        assertEquals(e.line(), line);
        assertTrue(line >= 1 && line <= text.split("\n", -1).length, "a line the file has: " + m);
        assertTrue(e.exitCode() == IpvsadmException.BAD_USAGE || e.exitCode() == IpvsadmException.REFUSED, m);
    }
}
