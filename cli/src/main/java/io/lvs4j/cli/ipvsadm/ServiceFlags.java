package io.lvs4j.cli.ipvsadm;

import io.lvs4j.scheduler.VirtualService;

/**
 * A service's -b scheduler flags as ipvsadm prints them ("sh-fallback,sh-port"), for -L and -S.
 * The flags live in the service's scheduler (sh and mh read them); this is the one place that
 * asks it.
 */
final class ServiceFlags {
    private ServiceFlags() {
    }

    /** The flag bits ({@link IpvsadmCommand#FLAG_1} …) of the service's scheduler; 0 for none. */
    static int bits(VirtualService svc) {
        return 0; // schedulers with flags (sh, mh) are not in the scheduler module yet
    }

    static String names(VirtualService svc) {
        return SchedulerFlagNames.format(svc.scheduler().name(), bits(svc));
    }
}
