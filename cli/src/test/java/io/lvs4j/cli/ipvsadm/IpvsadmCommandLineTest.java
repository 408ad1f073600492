package io.lvs4j.cli.ipvsadm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IpvsadmCommandLineTest {
    private static List<String> passed(String... args) {
        IpvsadmCommandLine command = new IpvsadmCommandLine();
        new CommandLine(new Parent()).addSubcommand(new CommandLine(command))
                .parseArgs(concat("ipvsadm", args));
        return command.args;
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @CommandLine.Command(name = "lvs4j", mixinStandardHelpOptions = true)
    static final class Parent implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void everyWordPassesThroughInOrder() {
        assertEquals(List.of("-Ln"), passed("-Ln"));
        assertEquals(List.of("-h"), passed("-h"));
        assertEquals(List.of("--help"), passed("--help"));
        assertEquals(List.of("-V"), passed("-V"));
        assertEquals(List.of("-A", "-t", "10.0.0.1:80", "-s", "rr", "-p", "600"),
                passed("-A", "-t", "10.0.0.1:80", "-s", "rr", "-p", "600"));
        assertEquals(List.of("--set", "900", "120", "300"), passed("--set", "900", "120", "300"));
        assertEquals(List.of("-a", "--tcp-service=10.0.0.1:80", "-r", "10.0.0.2", "-w", "0"),
                passed("-a", "--tcp-service=10.0.0.1:80", "-r", "10.0.0.2", "-w", "0"));
        assertEquals(List.of(), passed());
    }
}
