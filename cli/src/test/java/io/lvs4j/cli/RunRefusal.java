package io.lvs4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What the `lvs4j run` refusal tests share: a bad value stops the command with one line on stderr and exit 2. */
final class RunRefusal {
    private RunRefusal() {}

    /** Runs {@code args}, asserts exit 2, nothing on stdout and one line on stderr, and returns that line. */
    static String refused(String... args) {
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
}
