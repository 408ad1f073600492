package io.lvs4j.control;

import io.lvs4j.scheduler.SchedulerFlags;

/**
 * What a virtual service is made with (ipvsadm -A/-E): the whole set, since an edit replaces
 * every setting, as the kernel's ip_vs_edit_service does.
 *
 * @param scheduler          the scheduler's name ("wlc", "mh", …)
 * @param schedulerFlags     the flag bits ({@link SchedulerFlags#FLAG_1} …), 0 for none
 * @param persistenceSeconds 0 for none
 * @param persistenceNetmask the mask applied to client addresses for persistence; {@link #NO_NETMASK} for /32
 */
public record ServiceSettings(String scheduler, int schedulerFlags, int persistenceSeconds, int persistenceNetmask) {
    public static final int NO_NETMASK = 0xFFFFFFFF;

    public ServiceSettings {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler is required");
        }
    }

    /** A service with this scheduler, no flags and no persistence. */
    public static ServiceSettings of(String scheduler) {
        return new ServiceSettings(scheduler, 0, 0, NO_NETMASK);
    }
}
