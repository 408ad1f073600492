package io.lvs4j.control.keepalived;

import java.nio.file.Path;

/** One word of a configuration file and where it was read; quoted words are never braces. */
record Token(String text, Path file, int line, boolean quoted) {
    boolean is(String s) {
        return !quoted && text.equals(s);
    }

    boolean sameLine(Token other) {
        return other != null && line == other.line && file.equals(other.file);
    }

    String where() {
        return file + ":" + line;
    }
}
