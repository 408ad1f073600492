package io.lvs4j.cli.provision;

import io.lvs4j.cli.DirectorSetupCommand;
import io.lvs4j.cli.Main;
import io.lvs4j.control.provision.HostInterfaces;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** Runs {@code lvs4j} in-process and captures what it prints. */
final class Cli {

    record Result(int exit, String out, String err) {
    }

    /** A host with the given interfaces and addresses (address -> interface). */
    static HostInterfaces fakeHost(java.util.Set<String> interfaces, Map<String, String> addresses) {
        return new HostInterfaces() {
            @Override
            public boolean exists(String name) {
                return interfaces.contains(name);
            }

            @Override
            public Optional<String> owner(Inet4Address address) {
                return Optional.ofNullable(addresses.get(address.getHostAddress()));
            }
        };
    }

    /** Through Main, as a user runs it; director-setup sees a host with eth0 (192.0.2.1) only. */
    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        // Replace the registered director-setup by one that sees a fixed fake host.
        CommandLine director = new CommandLine(new DirectorSetupCommand(
                fakeHost(java.util.Set.of("eth0"), Map.of("192.0.2.1", "eth0"))));
        cl.getCommandSpec().removeSubcommand("director-setup");
        cl.addSubcommand("director-setup", director);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Cli() {
    }
}
