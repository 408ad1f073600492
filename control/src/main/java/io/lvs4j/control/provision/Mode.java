package io.lvs4j.control.provision;

/** How the director forwards to a real server, which decides where the real server holds the VIP. */
public enum Mode {
    /** Direct routing: the frame arrives unchanged but for the MAC; the VIP sits on lo. */
    DR("lo"),
    /** IP-in-IP tunnelling: the ipip module's tunl0 decapsulates and holds the VIP. */
    TUN("tunl0"),
    /** NAT: no VIP on the real server, only its default route via the director. */
    NAT("none");

    private final String device;

    Mode(String device) {
        this.device = device;
    }

    /** The real server's device that holds the VIPs. */
    public String device() {
        return device;
    }

    @Override
    public String toString() {
        return Choice.spelling(this);
    }

    /** Parses the command-line spelling: {@code dr}, {@code tun} or {@code nat}, any case. */
    public static Mode parse(String value) {
        return Choice.parse(Mode.class, value);
    }
}
