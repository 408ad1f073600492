package io.lvs4j.scheduler;

/** The transport protocols a virtual service can balance, with ipvsadm's names for them. */
public enum Protocol {
    TCP(6, "-t"),
    UDP(17, "-u");

    private final int number;
    private final String ipvsadmOption;

    Protocol(int number, String ipvsadmOption) {
        this.number = number;
        this.ipvsadmOption = ipvsadmOption;
    }

    /** The IPv4 protocol number (6, 17). */
    public int number() {
        return number;
    }

    /** The ipvsadm option that names a service of this protocol: -t or -u. */
    public String ipvsadmOption() {
        return ipvsadmOption;
    }

    /** The protocol for an IPv4 protocol number, or null when lvs4j does not balance it. */
    public static Protocol ofNumber(int number) {
        return number == 6 ? TCP : number == 17 ? UDP : null;
    }
}
