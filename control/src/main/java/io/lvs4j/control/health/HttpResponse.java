package io.lvs4j.control.health;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The status and body of a raw HTTP/1.x response read to the end of its connection. */
record HttpResponse(int status, byte[] body) {
    /** Null when the bytes do not start with an HTTP status line and a complete header. */
    static HttpResponse parse(byte[] raw) {
        int end = -1;
        int bodyStart = -1;
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') {
                end = i;
                bodyStart = i + 2;
                break;
            }
            if (i + 3 < raw.length && raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                end = i;
                bodyStart = i + 4;
                break;
            }
        }
        if (end < 0) {
            return null;
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            return null;
        }
        return new HttpResponse(Integer.parseInt(parts[1]), Arrays.copyOfRange(raw, bodyStart, raw.length));
    }
}
