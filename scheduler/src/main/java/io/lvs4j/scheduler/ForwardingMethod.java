package io.lvs4j.scheduler;

/** How the director hands a packet to a real server; the names are ipvsadm's. */
public enum ForwardingMethod {
    /** Direct routing: only the destination MAC changes. */
    ROUTE("Route", "-g"),
    /** IP-in-IP tunnelling (RFC 2003). */
    TUNNEL("Tunnel", "-i"),
    /** NAT: accepted in rules for completeness of the model, refused by the forwarder. */
    MASQ("Masq", "-m");

    private final String listName;
    private final String ipvsadmOption;

    ForwardingMethod(String listName, String ipvsadmOption) {
        this.listName = listName;
        this.ipvsadmOption = ipvsadmOption;
    }

    /** The word ipvsadm -L prints in the Forward column. */
    public String listName() {
        return listName;
    }

    /** The ipvsadm option: -g, -i or -m. */
    public String ipvsadmOption() {
        return ipvsadmOption;
    }
}
