package io.lvs4j.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the lab's commands (ip, curl, tcpdump …) with a time limit, keeping their output. */
final class Shell {
    private Shell() {
    }

    record Result(int exit, String out, String err) {
        Result orFail(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " failed (exit " + exit + "): " + err.strip() + " " + out.strip());
            }
            return this;
        }
    }

    static Result run(int timeoutSeconds, List<String> command) {
        try {
            Path out = Files.createTempFile("lab-out", ".txt");
            Path err = Files.createTempFile("lab-err", ".txt");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command);
        }
    }

    static Result run(int timeoutSeconds, String... command) {
        return run(timeoutSeconds, List.of(command));
    }

    /** Polls {@code condition} every 50 ms for up to {@code millis}; false if it never held. */
    static boolean await(long millis, java.util.function.BooleanSupplier condition) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
