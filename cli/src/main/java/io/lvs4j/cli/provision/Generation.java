package io.lvs4j.cli.provision;

import io.lvs4j.control.provision.GeneratedFile;
import io.lvs4j.control.provision.InvalidInputException;
import io.lvs4j.control.provision.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** The part rs-setup and director-setup share: validate all, then print or write, exit code. */
public final class Generation {

    public static final int OK = 0;
    public static final int IO_ERROR = 1;
    public static final int BAD_INPUT = 2;

    private Generation() {
    }

    /**
     * @param generator validates the input and builds the files; throws {@link InvalidInputException}
     * @param outDir    the {@code --out} directory, or null for stdout
     */
    public static int run(CommandSpec spec, Supplier<List<GeneratedFile>> generator, Path outDir) {
        PrintWriter err = spec.commandLine().getErr();
        String me = spec.qualifiedName(" ");
        List<GeneratedFile> files;
        try {
            if (outDir != null) {
                Output.checkDirectory(outDir);
            }
            files = generator.get();
        } catch (InvalidInputException e) {
            err.println(me + ": " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        try {
            if (outDir == null) {
                Output.print(files, spec.commandLine().getOut());
            } else {
                Output.write(files, outDir, spec.commandLine().getOut());
            }
            return OK;
        } catch (IOException e) {
            err.println(me + ": cannot write to " + outDir + ": " + e);
            err.flush();
            return IO_ERROR;
        }
    }
}
