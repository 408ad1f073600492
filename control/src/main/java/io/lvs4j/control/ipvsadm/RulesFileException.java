package io.lvs4j.control.ipvsadm;

/**
 * A rules file (ipvsadm -R input, {@code run -f FILE}) was refused at one line. The message reads
 * {@code FILE:LINE: reason}; nothing of the file has been applied.
 */
public final class RulesFileException extends IpvsadmException {
    private final String file;
    private final int line;
    private final String reason;

    public RulesFileException(String file, int line, String reason, int exitCode) {
        super(file + ":" + line + ": " + reason, exitCode);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based line number in the file. */
    public int line() {
        return line;
    }

    /** The error without the location: ipvsadm's own text when it has one. */
    public String reason() {
        return reason;
    }
}
