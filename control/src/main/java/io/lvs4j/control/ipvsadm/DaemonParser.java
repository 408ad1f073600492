package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.sync.SyncConfig;
import io.lvs4j.control.sync.SyncConfig.Role;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * ipvsadm's daemon commands: {@code --start-daemon master|backup [--mcast-interface IF]
 * [--syncid N] [--sync-maxlen N] [--mcast-group ADDR] [--mcast-port PORT] [--mcast-ttl N]} and
 * {@code --stop-daemon master|backup}, with ipvsadm's messages. They act on a running director
 * only: a rules file (ipvsadm -R, run -f) refuses them, as ipvsadm-save never writes them.
 */
final class DaemonParser {
    static final String NOT_HERE = "sync daemons are not rules: start them on the running director with"
            + " ipvsadm --start-daemon master|backup --mcast-interface IF";
    static final String ONLY_WITH_DAEMON = "this option is for --start-daemon only";

    /** A parsed daemon command: start (with its settings) or stop one role. */
    record DaemonCommand(boolean start, Role role, SyncConfig config) {
    }

    private DaemonParser() {
    }

    /** The daemon command on this line, or null when the line is another ipvsadm command. */
    static DaemonCommand parse(List<String> args) {
        List<String> words = args;
        if (!words.isEmpty() && IpvsadmParser.isProgramName(words.get(0))) {
            words = words.subList(1, words.size());
        }
        PoptScanner scanner = new PoptScanner(words);
        PoptScanner.Occurrence first;
        try {
            first = scanner.next();
        } catch (PoptScanner.ScanError e) {
            return null; // IpvsadmParser reports it
        }
        if (first == null || first.option() != IpvsadmOption.START_DAEMON && first.option() != IpvsadmOption.STOP_DAEMON) {
            return null;
        }
        boolean start = first.option() == IpvsadmOption.START_DAEMON;
        Role role = switch (first.value()) {
            case "master" -> Role.MASTER;
            case "backup" -> Role.BACKUP;
            default -> throw usage("illegal " + (start ? "start" : "stop") + "-daemon parameter specified");
        };
        String iface = null;
        int syncid = 0;
        int maxLength = SyncConfig.DEFAULT_MAX_LENGTH;
        Inet4Address group = ipv4(SyncConfig.DEFAULT_GROUP);
        int port = SyncConfig.DEFAULT_PORT;
        int ttl = SyncConfig.DEFAULT_TTL;
        while (true) {
            PoptScanner.Occurrence o;
            try {
                o = scanner.next();
            } catch (PoptScanner.ScanError e) {
                throw new IpvsadmException(e.word + ": " + e.getMessage(), IpvsadmException.REFUSED);
            }
            if (o == null) {
                break;
            }
            if (!start) {
                throw usage("Illegal '" + o.option().longName + "' option with the 'stop-daemon' command");
            }
            String v = o.value();
            switch (o.option()) {
                case MCAST_INTERFACE -> {
                    if (v.isEmpty() || v.length() > 15) { // IP_VS_IFNAME_MAXLEN - 1
                        throw usage("too long mcast-interface name");
                    }
                    iface = v;
                }
                case SYNCID -> syncid = number(v, 0, 255, "illegal syncid specified");
                case SYNC_MAXLEN -> maxLength = number(v, 1, SyncConfig.MAX_MAX_LENGTH, "illegal sync-maxlen specified");
                case MCAST_GROUP -> {
                    group = ipv4(v);
                    if (group == null || !group.isMulticastAddress()) {
                        throw usage("illegal IPv4 mcast-group specified: " + v + " (a multicast address, 224.0.0.0/4)");
                    }
                }
                case MCAST_PORT -> port = number(v, 1, 65535, "illegal mcast-port specified");
                case MCAST_TTL -> ttl = number(v, 1, 255, "illegal mcast-ttl specified");
                default -> throw usage("Illegal '" + o.option().longName + "' option with the 'start-daemon' command");
            }
        }
        if (!scanner.arguments().isEmpty()) {
            throw usage("unexpected argument " + scanner.arguments().get(0));
        }
        if (!start) {
            return new DaemonCommand(false, role, null);
        }
        if (iface == null) {
            throw usage("--start-daemon needs --mcast-interface IF (the interface of the sync network)");
        }
        int smallest = io.lvs4j.control.sync.SyncMessage.HEADER_LENGTH + io.lvs4j.control.sync.SyncMessage.ENTRY_LENGTH;
        if (maxLength < smallest) {
            throw usage("illegal sync-maxlen specified: " + maxLength + " is below one entry (" + smallest + " bytes)");
        }
        return new DaemonCommand(true, role, new SyncConfig(role, iface, syncid, maxLength, group, port, ttl));
    }

    private static int number(String v, int min, int max, String message) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw usage(message + ": " + v + " (allowed " + min + ".." + max + ")");
    }

    private static Inet4Address ipv4(String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(text) instanceof Inet4Address a ? a : null;
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static IpvsadmException usage(String message) {
        return new IpvsadmException(message, IpvsadmException.BAD_USAGE);
    }
}
