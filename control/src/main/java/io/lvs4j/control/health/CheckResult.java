package io.lvs4j.control.health;

/**
 * The outcome of one check attempt.
 *
 * @param reason what was seen, for the log and the listing (e.g. "status 500 (allowed: 200-299)")
 * @param weight a weight the check asks for (MISC_CHECK with misc_dynamic), or -1 to leave the weight as
 *               it is (the last one asked for, else the configured one)
 */
public record CheckResult(boolean up, String reason, int weight) {
    public static CheckResult up(String reason) {
        return new CheckResult(true, reason, -1);
    }

    public static CheckResult down(String reason) {
        return new CheckResult(false, reason, -1);
    }
}
