package io.lvs4j.control.ipvsadm;

/**
 * IPv4 addresses as text, the way ipvsadm reads and prints them. Reading follows glibc's
 * inet_aton (what ipvsadm calls), so every spelling an ipvsadm script may use still works:
 * "10.0.0.1", but also "10.1" (a.b with a 24-bit b), "0x0a000001" or "012.0.0.1" (octal parts).
 * Addresses are numeric big-endian ints, as in the scheduler model (10.0.0.1 == 0x0A000001).
 */
final class Ipv4Text {
    private Ipv4Text() {
    }

    /** Dotted quad, as inet_ntop/inet_ntoa print it. */
    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255)
                + "." + (address & 255);
    }

    /**
     * Parses like inet_aton: one to four parts separated by dots, each decimal, 0-octal or
     * 0x-hex; the last part fills all the remaining low-order bytes.
     *
     * @return the address, or null when inet_aton would refuse the text
     */
    static Integer parse(String text) {
        long[] parts = new long[4];
        int count = 0;
        int i = 0;
        int n = text.length();
        while (true) {
            if (i >= n || !isDigit(text.charAt(i))) {
                return null; // every part starts with a digit
            }
            int radix = 10;
            if (text.charAt(i) == '0') {
                radix = 8;
                i++;
                if (i < n && (text.charAt(i) == 'x' || text.charAt(i) == 'X')) {
                    radix = 16;
                    i++;
                }
            }
            long value = 0;
            while (i < n && digit(text.charAt(i), radix) >= 0) {
                value = value * radix + digit(text.charAt(i), radix);
                if (value > 0xFFFFFFFFL) {
                    return null;
                }
                i++;
            }
            if (count == 4) {
                return null;
            }
            parts[count++] = value;
            if (i < n && text.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        if (i != n) {
            return null; // trailing junk (inet_aton tolerates only trailing whitespace; args have none)
        }
        long a;
        switch (count) {
            case 1:
                a = parts[0];
                break;
            case 2:
                if (parts[0] > 255 || parts[1] > 0xFFFFFF) {
                    return null;
                }
                a = (parts[0] << 24) | parts[1];
                break;
            case 3:
                if (parts[0] > 255 || parts[1] > 255 || parts[2] > 0xFFFF) {
                    return null;
                }
                a = (parts[0] << 24) | (parts[1] << 16) | parts[2];
                break;
            default:
                for (int k = 0; k < 4; k++) {
                    if (parts[k] > 255) {
                        return null;
                    }
                }
                a = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3];
        }
        return (int) a;
    }

    /** The ASCII digit's value in this radix, or -1 (Character.digit would accept non-ASCII digits). */
    private static int digit(char c, int radix) {
        return c < 128 ? Character.digit(c, radix) : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
