package io.lvs4j.control.health;

import java.time.Instant;

/**
 * A checker's state as {@code lvs4j checks} would list it.
 *
 * @param lastReason the reason of the last attempt, or "not checked yet"
 * @param lastChange when the state last changed (or the checker started)
 * @param consecutiveFailures failed attempts since the last success
 * @param checks attempts made so far
 */
public record CheckStatus(String checker, CheckState state, boolean lastUp, String lastReason, Instant lastChange,
                          int consecutiveFailures, long checks) {
}
