package io.lvs4j.forwarder;

/** A reason the director cannot start or go on, worded for the operator as one line. */
public final class DirectorException extends RuntimeException {
    public DirectorException(String message) {
        super(message);
    }

    public DirectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
