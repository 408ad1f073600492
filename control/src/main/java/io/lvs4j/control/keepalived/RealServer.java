package io.lvs4j.control.keepalived;

import java.util.List;

/**
 * A {@code real_server IP PORT} block.
 *
 * @param inhibitOnFailure on failure set weight 0 instead of removing the server
 * @param notifyUp program run when the server comes up, as written (null: none)
 * @param upperThreshold uthreshold, 0 for none
 * @param lowerThreshold lthreshold, 0 for none
 */
public record RealServer(Endpoint endpoint, int weight, boolean inhibitOnFailure, String notifyUp,
                         String notifyDown, int upperThreshold, int lowerThreshold, List<CheckerConfig> checkers) {
}
