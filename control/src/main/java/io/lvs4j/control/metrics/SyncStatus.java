package io.lvs4j.control.metrics;

/**
 * Connection sync as the metrics show it (lvs4j_sync_role, lvs4j_sync_lag_seconds). Connection
 * sync is not built yet: until it is, the director reports {@link #NONE}; the sync code hands
 * its own supplier to {@link SnapshotReader}.
 *
 * @param role       "master", "backup" or "none"
 * @param lagSeconds how far the backup's table is behind the master's, or NaN when not known
 */
public record SyncStatus(String role, double lagSeconds) {
    public static final SyncStatus NONE = new SyncStatus("none", Double.NaN);
}
