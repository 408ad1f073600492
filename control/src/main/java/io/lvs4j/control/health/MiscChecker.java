package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.MiscCheckConfig;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * MISC_CHECK: runs misc_path (split into words; no shell unless it names one) and reads its exit
 * code: 0 up, anything else down; with misc_dynamic, 1 down, 2–255 up with weight code − 2, and 0
 * up with the weight unchanged (keepalived.conf(5): "svc check success, weight unchanged").
 * A program still running at misc_timeout is killed (with its children) and counts as down.
 */
public final class MiscChecker implements Checker {
    private final MiscCheckConfig config;

    public MiscChecker(MiscCheckConfig config) {
        this.config = config;
    }

    @Override
    public String describe() {
        return "MISC_CHECK " + String.join(" ", config.command());
    }

    @Override
    public CheckResult check() {
        String program = config.command().get(0);
        Process process;
        try {
            process = new ProcessBuilder(config.command())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return CheckResult.down("cannot run " + program + ": " + Connector.why(e));
        }
        try {
            if (!process.waitFor(config.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                return CheckResult.down(program + " still running after " + config.timeout().toMillis() / 1000.0
                        + "s (misc_timeout), killed");
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return CheckResult.down(program + " interrupted (health checks stopping)");
        }
        return fromExitCode(process.exitValue());
    }

    CheckResult fromExitCode(int code) {
        String program = config.command().get(0);
        if (code == 0) {
            return CheckResult.up(program + " exited 0");
        }
        if (!config.dynamic() || code == 1 || code < 0 || code > 255) {
            return CheckResult.down(program + " exited " + code);
        }
        return new CheckResult(true, program + " exited " + code + " (misc_dynamic: weight " + (code - 2) + ")", code - 2);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
