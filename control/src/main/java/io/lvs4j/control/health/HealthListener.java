package io.lvs4j.control.health;

/**
 * Told when a real server goes up or down, or (while up) when a check asks for another weight.
 * Called on a health thread, once per change; the caller turns it into one control-API call.
 */
public interface HealthListener {
    /**
     * @param weight the weight to use while up: the configured one, or what misc_dynamic asked for
     * @param reason the check result that caused the change
     */
    void onChange(RealServerKey key, boolean up, int weight, String reason);
}
