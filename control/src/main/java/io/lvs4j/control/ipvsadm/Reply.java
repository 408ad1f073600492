package io.lvs4j.control.ipvsadm;

/** What an ipvsadm command prints and how it ends: the client writes these out and exits. */
public record Reply(String stdout, String stderr, int exitCode) {
    public Reply {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    static Reply out(String stdout) {
        return new Reply(stdout, "", 0);
    }

    /** A refusal: ipvsadm's one line on stderr and its exit code. */
    static Reply error(IpvsadmException e) {
        return new Reply("", e.getMessage() + "\n", e.exitCode());
    }
}
