package io.lvs4j.control.ipvsadm;

import java.util.StringJoiner;

/**
 * The -b words and the three flag bits they stand for. The kernel keeps only bits; their names
 * depend on the scheduler (bit 1 is sh-fallback for sh, mh-fallback for mh, flag-1 otherwise),
 * exactly as ipvsadm reads and prints them.
 */
final class SchedulerFlagNames {
    private SchedulerFlagNames() {
    }

    /**
     * Parses a comma-separated -b value for the given scheduler.
     *
     * @throws IpvsadmException with ipvsadm's "invalid scheduler flag `x'" or "incompatible
     *                          scheduler flag `x'" (exit 2)
     */
    static int parse(String scheduler, String value) {
        int bits = 0;
        for (String flag : value.split(",")) {
            if (flag.isEmpty()) {
                continue; // strtok skips empty fields
            }
            switch (flag) {
                case "flag-1":
                    bits |= IpvsadmCommand.FLAG_1;
                    break;
                case "flag-2":
                    bits |= IpvsadmCommand.FLAG_2;
                    break;
                case "flag-3":
                    bits |= IpvsadmCommand.FLAG_3;
                    break;
                case "sh-fallback":
                case "mh-fallback":
                    requireScheduler(scheduler, flag);
                    bits |= IpvsadmCommand.FLAG_1;
                    break;
                case "sh-port":
                case "mh-port":
                    requireScheduler(scheduler, flag);
                    bits |= IpvsadmCommand.FLAG_2;
                    break;
                default:
                    throw new IpvsadmException("invalid scheduler flag `" + flag + "'",
                            IpvsadmException.BAD_USAGE);
            }
        }
        return bits;
    }

    /** The flags as ipvsadm prints them for this scheduler, comma-separated; "" for none. */
    static String format(String scheduler, int bits) {
        StringJoiner names = new StringJoiner(",");
        String prefix = "sh".equals(scheduler) || "mh".equals(scheduler) ? scheduler + "-" : null;
        if ((bits & IpvsadmCommand.FLAG_1) != 0) {
            names.add(prefix != null ? prefix + "fallback" : "flag-1");
        }
        if ((bits & IpvsadmCommand.FLAG_2) != 0) {
            names.add(prefix != null ? prefix + "port" : "flag-2");
        }
        if ((bits & IpvsadmCommand.FLAG_3) != 0 && prefix == null) {
            names.add("flag-3"); // ipvsadm names no third flag for sh or mh
        }
        return names.toString();
    }

    private static void requireScheduler(String scheduler, String flag) {
        String needed = flag.substring(0, 2);
        String actual = scheduler == null || scheduler.isEmpty() ? IpvsadmCommand.DEFAULT_SCHEDULER : scheduler;
        if (!needed.equals(actual)) {
            throw new IpvsadmException("incompatible scheduler flag `" + flag + "'", IpvsadmException.BAD_USAGE);
        }
    }
}
