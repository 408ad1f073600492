package io.lvs4j.control.keepalived;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups words into statements and blocks. A statement is a keyword and the rest of its line;
 * a {@code {} after it (on that line or the next) opens its block, {@code }} closes it.
 */
final class TreeReader {
    private final List<Token> tokens;
    private int pos;

    private TreeReader(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<ConfigNode> read(List<Token> tokens) {
        return new TreeReader(tokens).block(null);
    }

    private List<ConfigNode> block(Token opener) {
        List<ConfigNode> nodes = new ArrayList<>();
        while (true) {
            if (pos == tokens.size()) {
                if (opener != null) {
                    throw ConfigException.at(opener, "block opened here is never closed (missing '}')");
                }
                return nodes;
            }
            Token t = tokens.get(pos++);
            if (t.is("}")) {
                if (opener == null) {
                    throw ConfigException.at(t, "'}' without a matching '{'");
                }
                return nodes;
            }
            if (t.is("{")) {
                throw ConfigException.at(t, "'{' without a keyword before it");
            }
            List<Token> args = new ArrayList<>();
            while (pos < tokens.size() && t.sameLine(tokens.get(pos))
                    && !tokens.get(pos).is("{") && !tokens.get(pos).is("}")) {
                args.add(tokens.get(pos++));
            }
            List<ConfigNode> children = null;
            if (pos < tokens.size() && tokens.get(pos).is("{")) {
                children = block(tokens.get(pos++));
            }
            nodes.add(new ConfigNode(t, List.copyOf(args), children == null ? null : List.copyOf(children)));
        }
    }
}
