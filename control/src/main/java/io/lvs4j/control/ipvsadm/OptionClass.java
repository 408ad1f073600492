package io.lvs4j.control.ipvsadm;

/**
 * The option kinds ipvsadm checks against each command, named as ipvsadm names them in its
 * messages ("multiple 'weight' options specified", "Illegal 'weight' option with the 'list'
 * command"). The declaration order is ipvsadm's checking order, so when several options are
 * wrong the same one is reported. Options lvs4j refuses outright (fwmark, daemons, …) are
 * rejected when met and need no entry here.
 */
enum OptionClass {
    NUMERIC("numeric"),
    CONNECTION("connection"),
    SERVICE("service-address"),
    SCHEDULER("scheduler"),
    PERSISTENT("persistent"),
    NETMASK("netmask"),
    SERVER("real-server"),
    FORWARD("forwarding-method"),
    WEIGHT("weight"),
    U_THRESHOLD("u-threshold"),
    L_THRESHOLD("l-threshold"),
    TIMEOUT("timeout"),
    DAEMON("daemon"),
    STATS("stats"),
    RATE("rate"),
    THRESHOLDS("thresholds"),
    PERSISTENT_CONN("persistent-conn"),
    NOSORT("nosort"),
    EXACT("exact"),
    SCHED_FLAGS("sched-flags"),
    TUN_INFO("tun-info"),
    TUN_TYPE("tun-type"),
    TUN_PORT("tun-port"),
    TUN_NOCSUM("tun-nocsum"),
    TUN_CSUM("tun-csum"),
    TUN_REMCSUM("tun-remcsum");

    private final String ipvsadmName;

    OptionClass(String ipvsadmName) {
        this.ipvsadmName = ipvsadmName;
    }

    /** The name ipvsadm's messages use. */
    String ipvsadmName() {
        return ipvsadmName;
    }
}
