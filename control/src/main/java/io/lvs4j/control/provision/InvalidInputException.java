package io.lvs4j.control.provision;

/**
 * Bad user input. The commands report it as one line on stderr with exit code 2; it is always
 * thrown before any file is written, so a failed run leaves nothing half-generated behind.
 */
public final class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
