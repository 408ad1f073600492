package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.ipvsadm.IpvsadmCommand.Kind;

/**
 * ipvsadm 1.31's options: long name, short letter, whether a value follows, and what each one is
 * to the checks (a command, an {@link OptionClass}, or something lvs4j refuses with a reason).
 * Knowing the refused ones keeps their words from being mistaken for unknown options or values.
 */
enum IpvsadmOption {
    // commands: the first option of a command line must be one of these
    ADD_SERVICE("add-service", 'A', Arg.NONE, Kind.ADD_SERVICE),
    EDIT_SERVICE("edit-service", 'E', Arg.NONE, Kind.EDIT_SERVICE),
    DELETE_SERVICE("delete-service", 'D', Arg.NONE, Kind.DELETE_SERVICE),
    CLEAR("clear", 'C', Arg.NONE, Kind.CLEAR),
    LIST("list", 'L', Arg.NONE, Kind.LIST),
    LIST_LOWER("list", 'l', Arg.NONE, Kind.LIST),
    ZERO("zero", 'Z', Arg.NONE, Kind.ZERO),
    ADD_SERVER("add-server", 'a', Arg.NONE, Kind.ADD_SERVER),
    EDIT_SERVER("edit-server", 'e', Arg.NONE, Kind.EDIT_SERVER),
    DELETE_SERVER("delete-server", 'd', Arg.NONE, Kind.DELETE_SERVER),
    SET("set", '\0', Arg.NONE, Kind.SET_TIMEOUTS),
    HELP("help", 'h', Arg.NONE, Kind.HELP),
    VERSION("version", 'v', Arg.NONE, Kind.VERSION),
    RESTORE("restore", 'R', Arg.NONE, Kind.RESTORE),
    SAVE("save", 'S', Arg.NONE, Kind.SAVE),
    START_DAEMON("start-daemon", '\0', Arg.REQUIRED, DaemonParser.NOT_HERE),
    STOP_DAEMON("stop-daemon", '\0', Arg.REQUIRED, DaemonParser.NOT_HERE),

    // the virtual service
    TCP_SERVICE("tcp-service", 't', Arg.REQUIRED, OptionClass.SERVICE),
    UDP_SERVICE("udp-service", 'u', Arg.REQUIRED, OptionClass.SERVICE),
    SCTP_SERVICE("sctp-service", '\0', Arg.REQUIRED, "SCTP services are not supported yet: use -t or -u"),
    FWMARK_SERVICE("fwmark-service", 'f', Arg.REQUIRED, "fwmark services are not supported yet"),
    IPV6("ipv6", '6', Arg.NONE, "IPv6 services are not supported yet"),

    // service options
    SCHEDULER("scheduler", 's', Arg.REQUIRED, OptionClass.SCHEDULER),
    PERSISTENT("persistent", 'p', Arg.OPTIONAL, OptionClass.PERSISTENT),
    NETMASK("netmask", 'M', Arg.REQUIRED, OptionClass.NETMASK),
    SCHED_FLAGS("sched-flags", 'b', Arg.REQUIRED, OptionClass.SCHED_FLAGS),
    OPS("ops", 'o', Arg.NONE, "one-packet scheduling (-o) is not supported yet"),
    PE("pe", '\0', Arg.REQUIRED, "persistence engines (--pe) are not supported yet"),

    // real-server options
    REAL_SERVER("real-server", 'r', Arg.REQUIRED, OptionClass.SERVER),
    MASQUERADING("masquerading", 'm', Arg.NONE, OptionClass.FORWARD),
    IPIP("ipip", 'i', Arg.NONE, OptionClass.FORWARD),
    GATEWAYING("gatewaying", 'g', Arg.NONE, OptionClass.FORWARD),
    WEIGHT("weight", 'w', Arg.REQUIRED, OptionClass.WEIGHT),
    U_THRESHOLD("u-threshold", 'x', Arg.REQUIRED, OptionClass.U_THRESHOLD),
    L_THRESHOLD("l-threshold", 'y', Arg.REQUIRED, OptionClass.L_THRESHOLD),
    TUN_TYPE("tun-type", '\0', Arg.REQUIRED, OptionClass.TUN_TYPE),
    TUN_PORT("tun-port", '\0', Arg.REQUIRED, OptionClass.TUN_PORT),
    TUN_NOCSUM("tun-nocsum", '\0', Arg.NONE, OptionClass.TUN_NOCSUM),
    TUN_CSUM("tun-csum", '\0', Arg.NONE, OptionClass.TUN_CSUM),
    TUN_REMCSUM("tun-remcsum", '\0', Arg.NONE, OptionClass.TUN_REMCSUM),

    // list modifiers
    NUMERIC("numeric", 'n', Arg.NONE, OptionClass.NUMERIC),
    CONNECTION("connection", 'c', Arg.NONE, OptionClass.CONNECTION),
    TIMEOUT("timeout", '\0', Arg.NONE, OptionClass.TIMEOUT),
    DAEMON("daemon", '\0', Arg.NONE, OptionClass.DAEMON),
    STATS("stats", '\0', Arg.NONE, OptionClass.STATS),
    RATE("rate", '\0', Arg.NONE, OptionClass.RATE),
    THRESHOLDS("thresholds", '\0', Arg.NONE, OptionClass.THRESHOLDS),
    PERSISTENT_CONN("persistent-conn", '\0', Arg.NONE, OptionClass.PERSISTENT_CONN),
    NOSORT("nosort", '\0', Arg.NONE, OptionClass.NOSORT),
    SORT("sort", '\0', Arg.NONE, (OptionClass) null), // sorting is the default; ipvsadm ignores it
    EXACT("exact", 'X', Arg.NONE, OptionClass.EXACT),
    TUN_INFO("tun-info", '\0', Arg.NONE, OptionClass.TUN_INFO),

    // daemon options
    MCAST_INTERFACE("mcast-interface", '\0', Arg.REQUIRED, DaemonParser.ONLY_WITH_DAEMON),
    SYNCID("syncid", '\0', Arg.REQUIRED, DaemonParser.ONLY_WITH_DAEMON),
    MCAST_GROUP("mcast-group", '\0', Arg.REQUIRED, DaemonParser.ONLY_WITH_DAEMON),
    MCAST_PORT("mcast-port", '\0', Arg.REQUIRED, DaemonParser.ONLY_WITH_DAEMON),
    MCAST_TTL("mcast-ttl", '\0', Arg.REQUIRED, DaemonParser.ONLY_WITH_DAEMON),
    SYNC_MAXLEN("sync-maxlen", '\0', Arg.REQUIRED, DaemonParser.ONLY_WITH_DAEMON);

    /** Whether a value follows the option (popt's POPT_ARG_NONE, POPT_ARG_STRING, ARGFLAG_OPTIONAL). */
    enum Arg { NONE, REQUIRED, OPTIONAL }

    final String longName;
    final char shortName;
    final Arg arg;
    /** The command this option selects, or null. */
    final Kind command;
    /** What the checks know it as, or null for commands, --sort and refused options. */
    final OptionClass optionClass;
    /** Why lvs4j refuses it, or null when it is supported. */
    final String unsupported;

    IpvsadmOption(String longName, char shortName, Arg arg, Kind command) {
        this(longName, shortName, arg, command, null, null);
    }

    IpvsadmOption(String longName, char shortName, Arg arg, OptionClass optionClass) {
        this(longName, shortName, arg, null, optionClass, null);
    }

    IpvsadmOption(String longName, char shortName, Arg arg, String unsupported) {
        this(longName, shortName, arg, null, null, unsupported);
    }

    IpvsadmOption(String longName, char shortName, Arg arg, Kind command, OptionClass optionClass,
                  String unsupported) {
        this.longName = longName;
        this.shortName = shortName;
        this.arg = arg;
        this.command = command;
        this.optionClass = optionClass;
        this.unsupported = unsupported;
    }

    /** The option with this long name (the first one, like popt's table lookup), or null. */
    static IpvsadmOption byLongName(String name) {
        for (IpvsadmOption o : values()) {
            if (o.longName.equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** The option with this short letter, or null. */
    static IpvsadmOption byShortName(char letter) {
        if (letter == '\0') {
            return null;
        }
        for (IpvsadmOption o : values()) {
            if (o.shortName == letter) {
                return o;
            }
        }
        return null;
    }
}
