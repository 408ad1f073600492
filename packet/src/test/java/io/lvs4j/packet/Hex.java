package io.lvs4j.packet;

import java.util.HexFormat;

/** Test helper: hex literals with free spacing, so frames can be laid out field by field. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String of(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
