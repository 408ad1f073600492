package io.lvs4j.control.keepalived;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.Schedulers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code virtual_server} blocks and their {@code real_server} blocks. */
final class VirtualServerReader {
    private final Messages messages;
    private final CheckerReader checkers;
    private final Map<String, List<Endpoint>> groups;

    VirtualServerReader(Messages messages, Map<String, List<Endpoint>> groups) {
        this.messages = messages;
        this.checkers = new CheckerReader(messages);
        this.groups = groups;
    }

    VirtualServer read(ConfigNode node) {
        if (!node.isBlock()) {
            throw ConfigException.at(node.keyword(), "virtual_server needs a { ... } block");
        }
        String name = Values.joined(node.args());
        List<Endpoint> addresses = addresses(node);
        Protocol protocol = Protocol.TCP;
        String scheduler = "wlc";
        ForwardingMethod method = null;
        int persistence = 0;
        String granularity = null;
        boolean haSuspend = false;
        boolean inhibit = false;
        Endpoint sorry = null;
        int quorum = 1;
        int hysteresis = 0;
        String quorumUp = null;
        String quorumDown = null;
        String virtualhost = null;
        CheckDefaults timing = new CheckDefaults();
        List<ConfigNode> realServerNodes = new ArrayList<>();
        for (ConfigNode c : node.children()) {
            if (timing.accept(c)) {
                continue;
            }
            switch (c.name()) {
                case "lb_algo", "lvs_sched" -> {
                    scheduler = Values.word(c, "one scheduler name");
                    if (!Schedulers.NAMES.contains(scheduler)) {
                        throw ConfigException.at(c.args().get(0), "unknown scheduler '" + scheduler
                                + "' (allowed: " + String.join(" ", Schedulers.NAMES) + ")");
                    }
                }
                case "lb_kind", "lvs_method" -> method = method(c);
                case "persistence_timeout" -> persistence = Values.integer(c, 0, 2_678_400);
                case "persistence_granularity" -> granularity = Values.netmask(c);
                case "protocol" -> protocol = protocol(c);
                case "ha_suspend" -> {
                    Values.flag(c);
                    haSuspend = true;
                }
                case "inhibit_on_failure" -> {
                    Values.flag(c);
                    inhibit = true;
                }
                case "sorry_server" -> sorry = Values.endpoint(c);
                case "quorum" -> quorum = Values.integer(c, 1, Integer.MAX_VALUE);
                case "hysteresis" -> hysteresis = Values.integer(c, 0, Integer.MAX_VALUE);
                case "quorum_up" -> quorumUp = program(c);
                case "quorum_down" -> quorumDown = program(c);
                case "virtualhost" -> virtualhost = Values.word(c, "one host name");
                case "nat_mask" -> messages.warn(c.keyword(), "nat_mask is not used by lvs4j, ignored");
                case "real_server" -> realServerNodes.add(c);
                default -> messages.warn(c.keyword(), "unknown keyword '" + c.name() + "' in virtual_server, ignored");
            }
        }
        if (method == null) {
            method = ForwardingMethod.MASQ; // keepalived's default lb_kind
        }
        List<RealServer> realServers = new ArrayList<>();
        Set<Endpoint> seen = new HashSet<>();
        for (ConfigNode rs : realServerNodes) {
            RealServer r = realServer(rs, timing, inhibit, virtualhost);
            if (!seen.add(r.endpoint())) {
                throw ConfigException.at(rs.keyword(), "real_server " + r.endpoint() + " is listed twice in virtual_server " + name);
            }
            realServers.add(r);
        }
        return new VirtualServer(name, addresses, protocol, scheduler, method, persistence, granularity,
                timing.delayLoop, haSuspend, sorry, quorum, hysteresis, quorumUp, quorumDown, List.copyOf(realServers));
    }

    private List<Endpoint> addresses(ConfigNode node) {
        List<Token> a = node.args();
        if (a.size() == 2 && a.get(0).is("group")) {
            List<Endpoint> members = groups.get(a.get(1).text());
            if (members == null) {
                throw ConfigException.at(a.get(1), "virtual_server_group '" + a.get(1).text() + "' is not defined"
                        + (groups.isEmpty() ? "" : " (defined: " + String.join(" ", groups.keySet()) + ")"));
            }
            return members;
        }
        if (a.size() == 2 && a.get(0).is("fwmark")) {
            throw ConfigException.at(a.get(0), "virtual_server fwmark is not supported yet (allowed: IP PORT or group NAME)");
        }
        Values.count(node, 2, "IP PORT, or group NAME");
        return List.of(Values.endpoint(node));
    }

    /** A program line, refused here rather than when it is due to run if its quotes do not close. */
    private static String program(ConfigNode c) {
        CommandLine.split(c);
        return Values.command(c);
    }

    private static ForwardingMethod method(ConfigNode c) {
        String kind = Values.word(c, "DR, TUN or NAT");
        return switch (kind.toUpperCase()) {
            case "DR" -> ForwardingMethod.ROUTE;
            case "TUN" -> ForwardingMethod.TUNNEL;
            case "NAT" -> ForwardingMethod.MASQ;
            default -> throw ConfigException.at(c.args().get(0), "bad " + c.name() + " '" + kind + "' (allowed: DR, TUN or NAT)");
        };
    }

    private static Protocol protocol(ConfigNode c) {
        String p = Values.word(c, "TCP or UDP");
        return switch (p.toUpperCase()) {
            case "TCP" -> Protocol.TCP;
            case "UDP" -> Protocol.UDP;
            case "SCTP" -> throw ConfigException.at(c.args().get(0), "protocol SCTP is not supported yet (allowed: TCP or UDP)");
            default -> throw ConfigException.at(c.args().get(0), "bad protocol '" + p + "' (allowed: TCP or UDP)");
        };
    }

    private RealServer realServer(ConfigNode node, CheckDefaults vsTiming, boolean vsInhibit, String virtualhost) {
        if (!node.isBlock()) {
            throw ConfigException.at(node.keyword(), "real_server needs a { ... } block");
        }
        Endpoint endpoint = Values.endpoint(node);
        CheckDefaults timing = vsTiming.copy();
        int weight = 1;
        boolean inhibit = vsInhibit;
        String notifyUp = null;
        String notifyDown = null;
        int upper = 0;
        int lower = 0;
        List<ConfigNode> checkerNodes = new ArrayList<>();
        for (ConfigNode c : node.children()) {
            if (timing.accept(c)) {
                continue;
            }
            switch (c.name()) {
                case "weight" -> weight = Values.integer(c, 0, 65535);
                case "inhibit_on_failure" -> {
                    Values.flag(c);
                    inhibit = true;
                }
                case "notify_up" -> notifyUp = program(c);
                case "notify_down" -> notifyDown = program(c);
                case "uthreshold" -> upper = Values.integer(c, 0, Integer.MAX_VALUE);
                case "lthreshold" -> lower = Values.integer(c, 0, Integer.MAX_VALUE);
                default -> {
                    if (CheckerReader.SUPPORTED.contains(c.name())) {
                        checkerNodes.add(c);
                    } else if (CheckerReader.NOT_YET.contains(c.name())) {
                        throw ConfigException.at(c.keyword(), c.name() + " is not supported yet (allowed: "
                                + String.join(" ", CheckerReader.SUPPORTED.stream().sorted().toList()) + ")");
                    } else {
                        messages.warn(c.keyword(), "unknown keyword '" + c.name() + "' in real_server, ignored");
                    }
                }
            }
        }
        // Checkers are read after the real server's own timing keywords, which they inherit wherever written.
        List<CheckerConfig> list = new ArrayList<>();
        for (ConfigNode c : checkerNodes) {
            list.add(checkers.read(c, endpoint, timing, virtualhost));
        }
        return new RealServer(endpoint, weight, inhibit, notifyUp, notifyDown, upper, lower, List.copyOf(list));
    }
}
