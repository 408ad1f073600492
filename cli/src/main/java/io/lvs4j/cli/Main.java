package io.lvs4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lvs4j} command: git-style subcommands, one class each. */
@Command(name = "lvs4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A userspace Linux Virtual Server director (DR and TUN).",
        subcommands = {
                CommandLine.HelpCommand.class,
                RunCommand.class,
                RsSetupCommand.class,
                DirectorSetupCommand.class,
                io.lvs4j.cli.ipvsadm.IpvsadmCommandLine.class,
                DecapCommand.class,
                HealthCommands.Checks.class,
                HealthCommands.Reload.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (run, rs-setup, director-setup, …)");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
