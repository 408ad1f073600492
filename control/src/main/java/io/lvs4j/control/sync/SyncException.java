package io.lvs4j.control.sync;

/** A sync daemon that cannot start or stop, with one line naming why. */
public final class SyncException extends RuntimeException {
    public SyncException(String message) {
        super(message);
    }
}
