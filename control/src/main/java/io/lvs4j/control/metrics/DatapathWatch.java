package io.lvs4j.control.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when the datapath's error counters rise: kernel drops, capture errors, send errors,
 * internal errors. It reads the counters every {@link #PERIOD_SECONDS} s off the packet path and
 * logs at most one line per counter per {@link #QUIET_SECONDS} s, with the growth since its last
 * line, so a storm of bad frames makes a few lines, not one per frame.
 */
public final class DatapathWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatapathWatch.class);
    static final long PERIOD_SECONDS = 10;
    static final long QUIET_SECONDS = 60;
    /** Counter → what the operator should know about it. */
    private static final Map<String, String> WATCHED = Map.of(
            "kernel drops", "the kernel dropped frames before the capture read them: the director is too slow"
                    + " (CPU, or GRO/LRO on the NIC)",
            "capture errors", "reads from the capture failed (NIC down or gone?)",
            "send errors", "sending frames failed",
            "dropped: internal error", "frames whose handling failed (a bug: please report it)");

    private final SnapshotReader.Datapath datapath;
    private final LongSupplier clockMillis;
    private final Map<String, Long> reported = new HashMap<>();
    private final Map<String, Long> lastWarning = new HashMap<>();
    private ScheduledExecutorService timer;

    DatapathWatch(SnapshotReader.Datapath datapath, LongSupplier clockMillis) {
        this.datapath = datapath;
        this.clockMillis = clockMillis;
    }

    /** Starts watching on a daemon thread of its own. */
    public static DatapathWatch start(SnapshotReader.Datapath datapath) {
        DatapathWatch w = new DatapathWatch(datapath, () -> System.nanoTime() / 1_000_000);
        w.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lvs4j-datapath-watch");
            t.setDaemon(true);
            return t;
        });
        w.timer.scheduleWithFixedDelay(w::checkAndLog, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        return w;
    }

    private void checkAndLog() {
        try {
            check().forEach(LOG::warn);
        } catch (Exception e) {
            LOG.debug("datapath counters not read: {}", e.toString());
        }
    }

    /** One reading: the warnings due now (also remembered as said). */
    List<String> check() throws Exception {
        Map<String, Long> counters = datapath.counters();
        long now = clockMillis.getAsLong();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> w : WATCHED.entrySet()) {
            Long value = counters.get(w.getKey());
            if (value == null || value < 0) {
                continue;
            }
            Long before = reported.putIfAbsent(w.getKey(), 0L);
            long rise = value - (before == null ? 0 : before);
            Long last = lastWarning.get(w.getKey());
            if (rise > 0 && (last == null || now - last >= QUIET_SECONDS * 1000)) {
                lines.add(w.getKey() + " rose by " + rise + " (total " + value + "): " + w.getValue());
                reported.put(w.getKey(), value);
                lastWarning.put(w.getKey(), now);
            }
        }
        lines.sort(null);
        return lines;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
