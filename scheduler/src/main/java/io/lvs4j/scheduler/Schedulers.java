package io.lvs4j.scheduler;

import java.util.List;

/** Creates schedulers by their ipvsadm names (the kernel's ip_vs_scheduler_get). */
public final class Schedulers {
    /** Every name {@link #create} knows, in ipvsadm's usual order. */
    public static final List<String> NAMES = List.of(
            "rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "dh", "sh", "mh", "lblc", "lblcr");

    private Schedulers() {
    }

    /** A new scheduler instance for one service; unknown names and misplaced flags are refused. */
    public static Scheduler create(String name, SchedulerFlags flags) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown scheduler '" + name + "' (known: "
                    + String.join(" ", NAMES) + ")");
        }
        SchedulerFlags f = flags == null ? SchedulerFlags.NONE : flags;
        f.checkFor(name);
        return switch (name) {
            case "rr" -> new RoundRobin();
            case "wrr" -> new WeightedRoundRobin();
            case "lc" -> new LeastConnection();
            case "wlc" -> new WeightedLeastConnection();
            case "sed" -> new ShortestExpectedDelay();
            case "nq" -> new NeverQueue();
            case "fo" -> new WeightedFailover();
            case "ovf" -> new WeightedOverflow();
            case "dh" -> new DestinationHashing();
            case "sh" -> new SourceHashing(f.shFallback(), f.shPort());
            case "mh" -> new MaglevHashing(f.mhTableSize(), f.mhFallback(), f.mhPort());
            case "lblc" -> new LocalityBasedLeastConnection();
            case "lblcr" -> new LocalityBasedLeastConnectionWithReplication();
            default -> throw new AssertionError(name);
        };
    }

    /** {@link #create} without flags. */
    public static Scheduler create(String name) {
        return create(name, SchedulerFlags.NONE);
    }
}
