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
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
