package io.lvs4j.control;

/** The datapath could not run a control action (the director is stopping, or did not answer). */
public final class ControlException extends RuntimeException {
    ControlException(Exception cause) {
        super("the director could not run the command: " + cause, cause);
    }
}
