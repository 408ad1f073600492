package io.lvs4j.control.keepalived;

import java.time.Duration;
import java.util.List;

/**
 * MISC_CHECK: run a program; exit 0 is up, anything else down. With {@code misc_dynamic}, exit 1
 * is down and 2–255 is up with weight {@code code - 2}.
 *
 * @param command the program and its arguments, already split into words (no shell is involved)
 * @param timeout how long the program may run (keepalived's default: the delay_loop)
 */
public record MiscCheckConfig(CheckOptions options, List<String> command, Duration timeout, boolean dynamic)
        implements CheckerConfig {
    @Override
    public String keyword() {
        return "MISC_CHECK";
    }
}
