package io.lvs4j.control;

import java.util.function.Function;

/**
 * How the control plane reaches the tables: the forwarder runs the action on the thread that owns
 * them (its capture thread, between packets) and hands back the result, so the datapath needs no
 * locks. Actions are short: a listing, or one change or batch checked and applied.
 */
@FunctionalInterface
public interface TableAccess {
    /**
     * Runs {@code action} on the datapath thread and waits for it.
     *
     * @return what the action returned
     * @throws Exception what the action threw (a RuntimeException such as {@link TableException}
     *                   must come through unwrapped), or why it could not run (director stopping,
     *                   interrupted)
     */
    <T> T onDatapath(Function<Tables, T> action) throws Exception;

    /**
     * Runs actions on the caller's thread: for tables no datapath thread owns yet (the rules
     * file at start, a replay) or ever (tests).
     */
    static TableAccess direct(Tables tables) {
        return new TableAccess() {
            @Override
            public <T> T onDatapath(Function<Tables, T> action) {
                return action.apply(tables);
            }
        };
    }
}
