package io.lvs4j.control;

import io.lvs4j.scheduler.ForwardingMethod;

/**
 * What a real server is made with (ipvsadm -a/-e): the whole set, since an edit replaces every
 * setting, as the kernel's ip_vs_edit_dest does.
 *
 * @param upperThreshold 0 for none
 * @param lowerThreshold 0 for none
 */
public record ServerSettings(ForwardingMethod method, int weight, int upperThreshold, int lowerThreshold) {
    public ServerSettings {
        if (method == null) {
            throw new IllegalArgumentException("method is required");
        }
    }

    /** A server forwarded by {@code method} with this weight and no thresholds. */
    public static ServerSettings of(ForwardingMethod method, int weight) {
        return new ServerSettings(method, weight, 0, 0);
    }
}
