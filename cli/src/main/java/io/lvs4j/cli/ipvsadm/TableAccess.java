package io.lvs4j.cli.ipvsadm;

import java.util.function.Function;

/**
 * How the control side reaches the tables: the forwarder runs the action on the thread that owns
 * them (its capture thread, between packets) and hands back the result, so the datapath needs no
 * locks. Actions are short: a listing, or one command or rules file checked and applied.
 */
@FunctionalInterface
public interface TableAccess {
    /**
     * Runs {@code action} on the datapath thread and waits for it.
     *
     * @return what the action returned
     * @throws Exception what the action threw (an {@link IpvsadmException} must come through
     *                   unwrapped), or why it could not run (director stopping, interrupted)
     */
    <T> T onDatapath(Function<Tables, T> action) throws Exception;
}
