package io.lvs4j.control.keepalived;

import java.net.Inet4Address;
import java.time.Duration;

/**
 * What every checker shares: where to connect (defaults: the real server), and keepalived's
 * timing rules — down after {@code retry + 1} consecutive failures, retried after
 * {@code delayBeforeRetry}, checked every {@code delayLoop}, first check within {@code warmup},
 * and {@code alpha}: start down until the first success.
 *
 * @param bindTo source address for the check's connection, or null
 */
public record CheckOptions(Endpoint connectTo, Inet4Address bindTo, Duration connectTimeout, int retry,
                           Duration delayBeforeRetry, Duration delayLoop, Duration warmup, boolean alpha) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRY = 1;
    public static final Duration DEFAULT_DELAY_BEFORE_RETRY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);
}
