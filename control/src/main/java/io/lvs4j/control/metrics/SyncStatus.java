package io.lvs4j.control.metrics;

/**
 * Connection sync as the metrics show it (lvs4j_sync_role, lvs4j_sync_lag_seconds): the roles of
 * the daemons running ({@code ipvsadm --start-daemon}). The lag is not measured yet: IPVS's sync
 * messages carry no timestamp, so it would need the backup to compare its table with the master's.
 *
 * @param role       "none", "master", "backup" or "master+backup"
 * @param lagSeconds how far the backup's table is behind the master's, or NaN when not known
 */
public record SyncStatus(String role, double lagSeconds) {
    public static final SyncStatus NONE = new SyncStatus("none", Double.NaN);
}
