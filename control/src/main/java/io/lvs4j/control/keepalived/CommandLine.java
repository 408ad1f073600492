package io.lvs4j.control.keepalived;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a misc_path into program and arguments without a shell: blanks separate words, and
 * {@code '...'} or {@code "..."} keep blanks inside one word. A shell runs only if the line names one.
 */
public final class CommandLine {
    private CommandLine() {
    }

    static List<String> split(ConfigNode node) {
        String line = Values.command(node);
        try {
            return split(line);
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(node.keyword(), e.getMessage() + " in " + node.name() + " '" + line + "'");
        }
    }

    /**
     * A program line as the config holds it (quorum_up, notify_down, …), split into words.
     *
     * @throws IllegalArgumentException on an unterminated quote
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
