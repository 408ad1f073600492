package io.lvs4j.control.keepalived;

import java.nio.file.Path;

/** A keepalived.conf that cannot be used: where (file:line) and why, in one line. */
public final class ConfigException extends RuntimeException {
    private final Path file;
    private final int line;
    private final String reason;

    public ConfigException(Path file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    static ConfigException at(Token token, String reason) {
        return new ConfigException(token.file(), token.line(), reason);
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without its file:line prefix. */
    public String reason() {
        return reason;
    }
}
