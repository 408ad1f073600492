package io.lvs4j.control.keepalived;

import java.util.BitSet;

/**
 * One {@code url} block: the path to GET, the status codes that count as up (200–299 when none
 * is given), and optionally the MD5 of the body in lower-case hex, as keepalived's genhash prints it.
 */
public record UrlCheck(String path, BitSet statusCodes, String digest) {
    public boolean accepts(int status) {
        return status >= 0 && statusCodes.get(status);
    }

    /** The accepted codes as keepalived writes them, e.g. {@code 200-299} or {@code 200 301}. */
    public String statusCodesText() {
        StringBuilder sb = new StringBuilder();
        for (int from = statusCodes.nextSetBit(0); from >= 0; ) {
            int to = statusCodes.nextClearBit(from) - 1;
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(from == to ? String.valueOf(from) : from + "-" + to);
            from = statusCodes.nextSetBit(to + 1);
        }
        return sb.toString();
    }
}
