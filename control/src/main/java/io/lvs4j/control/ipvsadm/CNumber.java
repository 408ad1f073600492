package io.lvs4j.control.ipvsadm;

/**
 * ipvsadm's string_to_number: strtol in base 10 that must consume the whole word, then a range
 * check. Kept byte-for-byte in behaviour because scripts rely on what it accepts ("+5", " 5").
 */
final class CNumber {
    static final int INVALID = -1;

    private CNumber() {
    }

    /** The number, or {@link #INVALID} (-1) when the text is not a whole number in min..max. */
    static int parse(String s, int min, int max) {
        int i = 0;
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++; // strtol skips leading white space
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (!overflow) {
                value = value * 10 + (s.charAt(i) - '0');
                overflow = value > Integer.MAX_VALUE + 1L;
            }
            i++;
        }
        if (i == digitsStart || i != n || overflow) {
            return INVALID;
        }
        long number = negative ? -value : value;
        return number >= min && number <= max ? (int) number : INVALID;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
