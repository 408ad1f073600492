package io.lvs4j.cli.ipvsadm;

import io.lvs4j.scheduler.Scheduler;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.VirtualService;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A service's -b scheduler flags, for -L and -S. The kernel keeps the flag bits on the service;
 * in lvs4j sh and mh take theirs when created and do not hand them back, and the generic
 * flag-1..3 (which the kernel stores for any scheduler) have no place in the model. So the bits
 * are remembered here, by scheduler instance, when {@link TableEditor} creates one; a scheduler
 * created elsewhere simply has none.
 */
final class ServiceFlags {
    private static final Map<Scheduler, Integer> BITS = Collections.synchronizedMap(new WeakHashMap<>());

    private ServiceFlags() {
    }

    /** The flag bits ({@link IpvsadmCommand#FLAG_1} …) of the service's scheduler; 0 for none. */
    static int bits(VirtualService svc) {
        return BITS.getOrDefault(svc.scheduler(), 0);
    }

    static String names(VirtualService svc) {
        return SchedulerFlagNames.format(svc.scheduler().name(), bits(svc));
    }

    static void remember(Scheduler scheduler, int bits) {
        if (bits != 0) {
            BITS.put(scheduler, bits);
        }
    }

    /** The model's flags for a scheduler: bit 1 is -fallback and bit 2 -port for sh and mh; others use none. */
    static SchedulerFlags forScheduler(String scheduler, int bits) {
        boolean one = (bits & IpvsadmCommand.FLAG_1) != 0;
        boolean two = (bits & IpvsadmCommand.FLAG_2) != 0;
        if ("sh".equals(scheduler)) {
            return new SchedulerFlags(one, two, false, false, SchedulerFlags.DEFAULT_MH_TABLE_SIZE);
        }
        if ("mh".equals(scheduler)) {
            return new SchedulerFlags(false, false, one, two, SchedulerFlags.DEFAULT_MH_TABLE_SIZE);
        }
        return SchedulerFlags.NONE;
    }
}
