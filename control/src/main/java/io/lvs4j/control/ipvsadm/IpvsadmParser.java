package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.ipvsadm.IpvsadmCommand.Kind;
import io.lvs4j.control.ipvsadm.IpvsadmCommand.ListOption;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServiceId;
import io.lvs4j.scheduler.Protocol;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an ipvsadm 1.31 command line into an {@link IpvsadmCommand}, with ipvsadm's rules,
 * defaults, error texts and exit codes, in ipvsadm's order of checks (so the same mistake gets
 * the same message). Nothing here touches a table: checks that need the table ("Service not
 * defined", …) belong to the control plane ({@link io.lvs4j.control.ControlPlane}).
 *
 * <p>Differences, all deliberate: host names are not resolved (numeric addresses only, so a
 * command never waits on DNS); fwmark, SCTP, IPv6, NAT, one-packet scheduling, persistence
 * engines, GUE/GRE tunnels and sync daemons are refused with a line saying so.
 */
public final class IpvsadmParser {
    /** ipvsadm's MAX_TIMEOUT: 31 days. */
    static final int MAX_TIMEOUT = 86400 * 31;
    public static final String TRY_HELP = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.";

    private IpvsadmParser() {
    }

    /**
     * Parses one command line. An optional leading "ipvsadm" word (or a path ending in
     * "/ipvsadm") is ignored; no words at all means "list the table", as bare ipvsadm does.
     *
     * @throws IpvsadmException with ipvsadm's message and exit code
     */
    public static IpvsadmCommand parse(List<String> args) {
        List<String> words = args;
        if (!words.isEmpty() && isProgramName(words.get(0))) {
            words = words.subList(1, words.size());
        }
        if (words.isEmpty()) {
            return new Draft(Kind.LIST).build();
        }
        PoptScanner scanner = new PoptScanner(words);
        PoptScanner.Occurrence first;
        try {
            first = scanner.next();
        } catch (PoptScanner.ScanError e) {
            throw tryHelp();
        }
        if (first != null && isDaemonCommand(first.option())) {
            throw usage(first.option().unsupported);
        }
        if (first == null || first.option().command == null) {
            throw tryHelp(); // ipvsadm insists that the command comes first
        }
        Draft d = new Draft(first.option().command);
        if (d.kind == Kind.HELP || d.kind == Kind.VERSION) {
            return d.build();
        }
        readOptions(scanner, d);
        finish(scanner, d);
        return d.build();
    }

    /** True for "ipvsadm" and paths to it, which ipvsadm's rule files and our shim may pass along. */
    static boolean isProgramName(String word) {
        return word.equals("ipvsadm") || word.endsWith("/ipvsadm");
    }

    private static boolean isDaemonCommand(IpvsadmOption o) {
        return o == IpvsadmOption.START_DAEMON || o == IpvsadmOption.STOP_DAEMON;
    }

    private static void readOptions(PoptScanner scanner, Draft d) {
        while (true) {
            PoptScanner.Occurrence occ;
            try {
                occ = scanner.next();
            } catch (PoptScanner.ScanError e) {
                throw new IpvsadmException(e.word + ": " + e.getMessage(), IpvsadmException.REFUSED);
            }
            if (occ == null) {
                return;
            }
            IpvsadmOption o = occ.option();
            if (o.command != null) {
                throw usage("invalid option `" + occ.word() + "'");
            }
            if (o.unsupported != null) {
                throw usage(o.unsupported);
            }
            if (o.optionClass != null && !d.given.add(o.optionClass)) {
                throw usage("multiple '" + o.optionClass.ipvsadmName() + "' options specified");
            }
            apply(o, occ.value(), d);
        }
    }

    private static void apply(IpvsadmOption o, String value, Draft d) {
        switch (o) {
            case TCP_SERVICE:
            case UDP_SERVICE: {
                d.protocol = o == IpvsadmOption.TCP_SERVICE ? Protocol.TCP : Protocol.UDP;
                Address a = parseAddress(value, d.protocol);
                if (a == null) {
                    throw usage("illegal virtual server address[:port] specified");
                }
                d.address = a.address;
                d.port = a.hasPort ? a.port : d.port;
                break;
            }
            case SCHEDULER:
                d.scheduler = value;
                break;
            case PERSISTENT:
                d.persistence = value == null ? IpvsadmCommand.DEFAULT_PERSISTENCE : timeout(value, 1);
                break;
            case NETMASK: {
                Integer mask = value == null ? null : Ipv4Text.parse(value);
                if (mask == null) {
                    throw usage("illegal virtual server persistent mask specified");
                }
                d.netmask = mask;
                break;
            }
            case SCHED_FLAGS:
                d.schedFlagsText = value;
                break;
            case REAL_SERVER: {
                Address a = parseAddress(value, d.protocol);
                if (a == null) {
                    throw usage("illegal real server address[:port] specified");
                }
                d.serverAddress = a.address;
                d.serverPort = a.hasPort ? a.port : -1;
                break;
            }
            case MASQUERADING:
                d.method = ForwardingMethod.MASQ;
                break;
            case IPIP:
                d.method = ForwardingMethod.TUNNEL;
                break;
            case GATEWAYING:
                d.method = ForwardingMethod.ROUTE;
                break;
            case WEIGHT:
                d.weight = number(value, 0, 65535, "illegal weight specified");
                break;
            case U_THRESHOLD:
                d.upper = number(value, 0, Integer.MAX_VALUE, "illegal u_threshold specified");
                break;
            case L_THRESHOLD:
                d.lower = number(value, 0, Integer.MAX_VALUE, "illegal l_threshold specified");
                break;
            case TUN_TYPE:
                if (value.equals("gue") || value.equals("gre")) {
                    throw usage("--tun-type " + value + " is not supported yet: lvs4j tunnels with ipip");
                }
                if (!value.equals("ipip")) {
                    throw usage("illegal tunnel type specified");
                }
                break;
            case TUN_PORT:
                number(value, 1, 65535, "illegal tunnel port specified");
                break;
            case NUMERIC:
                d.list.add(ListOption.NUMERIC);
                break;
            case CONNECTION:
                d.list.add(ListOption.CONNECTIONS);
                break;
            case TIMEOUT:
                d.list.add(ListOption.TIMEOUT);
                break;
            case DAEMON:
                d.list.add(ListOption.DAEMON);
                break;
            case STATS:
                d.list.add(ListOption.STATS);
                break;
            case RATE:
                d.list.add(ListOption.RATE);
                break;
            case THRESHOLDS:
                d.list.add(ListOption.THRESHOLDS);
                break;
            case PERSISTENT_CONN:
                d.list.add(ListOption.PERSISTENT_CONN);
                break;
            case NOSORT:
                d.list.add(ListOption.NOSORT);
                break;
            case EXACT:
                d.list.add(ListOption.EXACT);
                break;
            case TUN_INFO:
                d.list.add(ListOption.TUN_INFO);
                break;
            default:
                break; // --sort, --tun-nocsum/--tun-csum/--tun-remcsum: nothing to record
        }
    }

    /** The checks ipvsadm makes once every option has been read, in its order. */
    private static void finish(PoptScanner scanner, Draft d) {
        List<String> rest = scanner.arguments();
        int used = 0;
        if (d.kind == Kind.SET_TIMEOUTS) {
            if (rest.size() < 3) {
                throw usage("--set option requires 3 timeout values");
            }
            d.tcp = timeout(rest.get(0), 0);
            d.tcpFin = timeout(rest.get(1), 0);
            d.udp = timeout(rest.get(2), 0);
            used = 3;
        }
        if (rest.size() > used) {
            throw usage("unexpected argument " + rest.get(used));
        }
        if (d.schedFlagsText != null && !d.schedFlagsText.isEmpty()) {
            d.schedFlags = SchedulerFlagNames.parse(d.scheduler, d.schedFlagsText);
        }
        CommandRules.check(d.kind, d.given);

        if (d.kind == Kind.ADD_SERVICE || d.kind == Kind.EDIT_SERVICE) {
            if (d.port == 0 && d.persistence == 0) {
                throw usage("Zero port specified for non-persistent service");
            }
            if (d.scheduler == null || d.scheduler.isEmpty()) {
                d.scheduler = IpvsadmCommand.DEFAULT_SCHEDULER;
            }
        }
        if (d.serverPort < 0) {
            d.serverPort = d.port; // -r without a port: the service's
        }
        if (d.kind == Kind.ADD_SERVER || d.kind == Kind.EDIT_SERVER) {
            // DR and TUN cannot change the port: the packet reaches the server unchanged (ipvsadm
            // sets it to the service's); NAT maps it, and without one the server takes the service's
            if (d.method != ForwardingMethod.MASQ) {
                d.serverPort = d.port;
            }
            boolean tunnelOptions = d.given.contains(OptionClass.TUN_TYPE) || d.given.contains(OptionClass.TUN_PORT)
                    || d.given.contains(OptionClass.TUN_NOCSUM) || d.given.contains(OptionClass.TUN_CSUM)
                    || d.given.contains(OptionClass.TUN_REMCSUM);
            if (tunnelOptions && d.method != ForwardingMethod.TUNNEL) {
                throw usage("Tunnel options conflict with forward method");
            }
            for (OptionClass o : List.of(OptionClass.TUN_PORT, OptionClass.TUN_NOCSUM, OptionClass.TUN_CSUM,
                    OptionClass.TUN_REMCSUM)) {
                if (d.given.contains(o)) {
                    throw usage("Illegal '" + o.ipvsadmName() + "' option with the 'ipip' tunnel type");
                }
            }
        }
        if (d.kind == Kind.LIST) {
            Set<ListOption> l = d.list;
            boolean table = l.contains(ListOption.STATS) || l.contains(ListOption.RATE)
                    || l.contains(ListOption.THRESHOLDS);
            boolean timeoutOrDaemon = l.contains(ListOption.TIMEOUT) || l.contains(ListOption.DAEMON);
            if ((timeoutOrDaemon || l.contains(ListOption.CONNECTIONS)) && table
                    || timeoutOrDaemon && l.contains(ListOption.PERSISTENT_CONN)) {
                throw usage("options conflicts in the list command");
            }
        }
    }

    /** An address[:port] as ipvsadm's parse_service reads it; null where it reports SERVICE_NONE. */
    private record Address(int address, int port, boolean hasPort) {
    }

    private static Address parseAddress(String text, Protocol protocol) {
        if (text == null || text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null; // a bare number is neither an address nor a port to ipvsadm
        }
        if (text.startsWith("[") || isIpv6Literal(text)) {
            throw usage("IPv6 addresses are not supported yet: `" + text + "'");
        }
        int colon = text.lastIndexOf(':');
        String host = colon >= 0 ? text.substring(0, colon) : text;
        Integer address = Ipv4Text.parse(host);
        if (address == null) {
            return null; // ipvsadm would try DNS here; lvs4j takes numeric addresses only
        }
        if (colon < 0) {
            return new Address(address, 0, false);
        }
        String portText = text.substring(colon + 1);
        int port = CNumber.parse(portText, 0, 65535);
        if (port < 0 && protocol != null) {
            port = PortNames.lookup(portText, protocol);
        }
        return port < 0 ? null : new Address(address, port, true);
    }

    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    /**
     * What inet_pton(AF_INET6, …) accepts, which is how ipvsadm's parse_service tells an IPv6
     * address from "address:port": eight groups of 1 to 4 hex digits, or fewer around one "::",
     * the last 32 bits optionally as a dotted quad. Anything else with colons (10.0.0.1:80:80) is
     * read as IPv4 address:port, and is then a bad address.
     */
    static boolean isIpv6Literal(String text) {
        int gap = text.indexOf("::");
        if (text.indexOf(':') < 0 || gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] halves = gap >= 0 ? new String[] {text.substring(0, gap), text.substring(gap + 2)} : new String[] {text};
        int groups = 0;
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean last = h == halves.length - 1 && i == parts.length - 1;
                if (last && DOTTED_QUAD.matcher(parts[i]).matches()) {
                    groups += 2;
                } else if (HEX_GROUP.matcher(parts[i]).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    private static int timeout(String text, int min) {
        int t = CNumber.parse(text, min, MAX_TIMEOUT);
        if (t < 0) {
            throw usage("invalid timeout value `" + text + "' specified");
        }
        return t;
    }

    private static int number(String text, int min, int max, String message) {
        int n = CNumber.parse(text, min, max);
        if (n < 0) {
            throw usage(message);
        }
        return n;
    }

    private static IpvsadmException usage(String message) {
        return new IpvsadmException(message, IpvsadmException.BAD_USAGE);
    }

    private static IpvsadmException tryHelp() {
        return new IpvsadmException(TRY_HELP, IpvsadmException.REFUSED);
    }

    /** The command being read, mutable until {@link #build}. */
    private static final class Draft {
        final Kind kind;
        final Set<OptionClass> given = EnumSet.noneOf(OptionClass.class);
        final Set<ListOption> list = EnumSet.noneOf(ListOption.class);
        Protocol protocol;
        int address;
        int port;
        String scheduler;
        String schedFlagsText;
        int schedFlags;
        int persistence;
        int netmask = IpvsadmCommand.NO_NETMASK;
        int serverAddress;
        int serverPort;
        ForwardingMethod method = ForwardingMethod.ROUTE;
        int weight = 1;
        int upper;
        int lower;
        int tcp;
        int tcpFin;
        int udp;

        Draft(Kind kind) {
            this.kind = kind;
        }

        IpvsadmCommand build() {
            ServiceId service = given.contains(OptionClass.SERVICE) ? new ServiceId(protocol, address, port) : null;
            ServerId server = given.contains(OptionClass.SERVER) ? new ServerId(serverAddress, serverPort) : null;
            boolean serviceCommand = kind == Kind.ADD_SERVICE || kind == Kind.EDIT_SERVICE;
            return new IpvsadmCommand(kind, service, serviceCommand ? scheduler : null, schedFlags, persistence,
                    netmask, server, method, weight, upper, lower, list, tcp, tcpFin, udp);
        }
    }
}
