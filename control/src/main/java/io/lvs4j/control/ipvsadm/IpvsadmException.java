package io.lvs4j.control.ipvsadm;

/**
 * A refused ipvsadm command: the one-line message ipvsadm itself would print on stderr and the
 * exit status it would end with (2 for bad options, 255 for a refused table change, 1 for a
 * failed listing). Unchecked because it crosses the datapath executor's functional interface.
 */
public class IpvsadmException extends RuntimeException {
    /** ipvsadm's fail(2, …): bad syntax or values, caught before anything is touched. */
    public static final int BAD_USAGE = 2;
    /** ipvsadm returns -1 when the kernel refuses a change (or popt fails): the shell sees 255. */
    public static final int REFUSED = 255;
    /** ipvsadm exits 1 when a listing cannot be produced (e.g. -L -t of a missing service). */
    public static final int LIST_FAILED = 1;

    private final int exitCode;

    public IpvsadmException(String message, int exitCode) {
        super(oneLine(message));
        this.exitCode = exitCode;
    }

    /**
     * The message with its control characters written as {@code \xNN}: it often quotes the bad
     * word, and a word holding a newline or a carriage return must not break the one line the
     * client prints (or forge a second one).
     */
    private static String oneLine(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder b = new StringBuilder(message.length() + 8);
        message.chars().forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\x%02x", c) : (char) c));
        return b.toString();
    }

    public int exitCode() {
        return exitCode;
    }
}
