package io.lvs4j.control.keepalived;

import java.util.List;

/**
 * One statement: a keyword, the words after it on its line, and the statements of its
 * {@code { ... }} block (null when it has none).
 */
record ConfigNode(Token keyword, List<Token> args, List<ConfigNode> children) {
    String name() {
        return keyword.text();
    }

    boolean isBlock() {
        return children != null;
    }
}
