package io.lvs4j.control.ipvsadm;

import static io.lvs4j.control.ipvsadm.OptionClass.*;

import io.lvs4j.control.ipvsadm.IpvsadmCommand.Kind;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which options each command requires, allows, or allows only one of — ipvsadm's table of legal
 * combinations, with its messages. Options are checked in {@link OptionClass} order so the same
 * problem is reported first as ipvsadm reports it.
 */
final class CommandRules {
    private record Rule(Set<OptionClass> required, Set<OptionClass> optional, Set<OptionClass> oneOf) {
    }

    private static final Map<Kind, Rule> RULES = new EnumMap<>(Kind.class);

    static {
        Set<OptionClass> none = EnumSet.noneOf(OptionClass.class);
        Rule service = new Rule(EnumSet.of(SERVICE), EnumSet.of(SCHEDULER, PERSISTENT, NETMASK, SCHED_FLAGS), none);
        RULES.put(Kind.ADD_SERVICE, service);
        RULES.put(Kind.EDIT_SERVICE, service);
        RULES.put(Kind.DELETE_SERVICE, new Rule(EnumSet.of(SERVICE), none, none));
        RULES.put(Kind.CLEAR, new Rule(none, none, none));
        RULES.put(Kind.LIST, new Rule(none,
                EnumSet.of(NUMERIC, STATS, RATE, THRESHOLDS, PERSISTENT_CONN, NOSORT, EXACT, TUN_INFO),
                EnumSet.of(CONNECTION, SERVICE, TIMEOUT, DAEMON)));
        Rule server = new Rule(EnumSet.of(SERVICE, SERVER),
                EnumSet.of(FORWARD, WEIGHT, U_THRESHOLD, L_THRESHOLD, TUN_TYPE, TUN_PORT, TUN_NOCSUM, TUN_CSUM,
                        TUN_REMCSUM),
                none);
        RULES.put(Kind.ADD_SERVER, server);
        RULES.put(Kind.EDIT_SERVER, server);
        RULES.put(Kind.DELETE_SERVER, new Rule(EnumSet.of(SERVICE, SERVER), none, none));
        RULES.put(Kind.SET_TIMEOUTS, new Rule(none, none, none));
        RULES.put(Kind.RESTORE, new Rule(none, none, none));
        RULES.put(Kind.SAVE, new Rule(none, EnumSet.of(NUMERIC), none));
        RULES.put(Kind.ZERO, new Rule(none, EnumSet.of(SERVICE), none));
    }

    private CommandRules() {
    }

    /** Throws ipvsadm's message (exit 2) for the first option that does not fit the command. */
    static void check(Kind kind, Set<OptionClass> given) {
        Rule rule = RULES.get(kind);
        if (rule == null) {
            return; // -h and -v end before any option is read
        }
        OptionClass firstOfGroup = null;
        for (OptionClass option : OptionClass.values()) {
            if (!given.contains(option)) {
                if (rule.required.contains(option)) {
                    throw usage("You need to supply the '" + option.ipvsadmName() + "' option for the '"
                            + kind.ipvsadmName() + "' command");
                }
            } else if (rule.oneOf.contains(option)) {
                if (firstOfGroup != null) {
                    throw usage("The option '" + option.ipvsadmName() + "' conflicts with the '"
                            + firstOfGroup.ipvsadmName() + "' option in the '" + kind.ipvsadmName() + "' command");
                }
                firstOfGroup = option;
            } else if (!rule.required.contains(option) && !rule.optional.contains(option)) {
                throw usage("Illegal '" + option.ipvsadmName() + "' option with the '" + kind.ipvsadmName()
                        + "' command");
            }
        }
    }

    private static IpvsadmException usage(String message) {
        return new IpvsadmException(message, IpvsadmException.BAD_USAGE);
    }
}
