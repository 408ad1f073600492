package io.lvs4j.control.keepalived;

import java.time.Duration;

/**
 * The timing keywords a checker inherits from its real_server, which inherits from its
 * virtual_server (keepalived 2 takes them at all three levels; the innermost wins).
 */
final class CheckDefaults {
    Duration delayLoop = CheckOptions.DEFAULT_DELAY_LOOP;
    Duration connectTimeout = CheckOptions.DEFAULT_CONNECT_TIMEOUT;
    int retry = CheckOptions.DEFAULT_RETRY;
    Duration delayBeforeRetry = CheckOptions.DEFAULT_DELAY_BEFORE_RETRY;
    Duration warmup = Duration.ZERO;
    boolean alpha;

    CheckDefaults copy() {
        CheckDefaults c = new CheckDefaults();
        c.delayLoop = delayLoop;
        c.connectTimeout = connectTimeout;
        c.retry = retry;
        c.delayBeforeRetry = delayBeforeRetry;
        c.warmup = warmup;
        c.alpha = alpha;
        return c;
    }

    /** Takes the statement if it is one of the shared timing keywords; false otherwise. */
    boolean accept(ConfigNode node) {
        switch (node.name()) {
            case "delay_loop" -> delayLoop = Values.seconds(node, Duration.ofMillis(1));
            case "connect_timeout" -> connectTimeout = Values.seconds(node, Duration.ofMillis(1));
            case "retry", "nb_get_retry" -> retry = Values.integer(node, 0, 1_000_000);
            case "delay_before_retry" -> delayBeforeRetry = Values.seconds(node, Duration.ZERO);
            case "warmup" -> warmup = Values.seconds(node, Duration.ZERO);
            case "alpha" -> {
                Values.flag(node);
                alpha = true;
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
