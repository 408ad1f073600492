package io.lvs4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `lvs4j run --busy-poll` refuses a spin time out of range, or on a replay, in one line, exit 2, before the NIC is touched. */
class BusyPollRunTest {
    private static String refused(String... args) {
        picocli.CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        assertEquals(2, exit, "exit; stderr: " + err);
        assertEquals("", out.toString());
        assertEquals(1, err.toString().lines().count(), "one line: " + err);
        return err.toString().strip();
    }

    @Test
    void aSpinTimeOutOfRangeIsNamedWithWhatIsAllowed() {
        for (String bad : new String[] {"-1", "1000001", "2147483647"}) {
            assertEquals("lvs4j run: --busy-poll " + bad + " is not a spin time in microseconds (allowed: 0 to 1000000)",
                    refused("run", "-i", "lo", "--busy-poll", bad));
        }
    }

    @Test
    void aReplayDoesNotSpin() {
        assertEquals("lvs4j run: --busy-poll is for a live director; a replay reads a file and waits for nothing",
                refused("run", "--read", "in.pcap", "--write", "out.pcap", "--busy-poll", "50"));
    }
}
