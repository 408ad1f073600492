package io.lvs4j.control.metrics;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.health.KeepalivedDirector;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a live director runs for its operators: the {@link DatapathWatch} always, and with
 * {@code --metrics ADDR:PORT} the {@link MetricsServer}, bound at start (before the datapath) so a
 * bad value or a port in use stops the start.
 */
public final class Monitoring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);

    private final MetricsServer server;
    private DatapathWatch watch;

    private Monitoring(MetricsServer server) {
        this.server = server;
    }

    /**
     * @param metrics --metrics's value, or null for no metrics server
     * @throws IllegalArgumentException one line naming the bad value or why it cannot be bound
     */
    public static Monitoring bind(String metrics) {
        if (metrics == null) {
            return new Monitoring(null);
        }
        try {
            MetricsServer server = MetricsServer.bind(MetricsAddress.parse(metrics));
            LOG.info("metrics at http://{}/metrics, status page at http://{}/", metrics, metrics);
            return new Monitoring(server);
        } catch (IOException e) {
            throw new IllegalArgumentException("--metrics " + metrics + ": cannot listen: " + e.getMessage()
                    + " (port in use, or the address is not on this host)");
        }
    }

    /** Starts watching the datapath, and serving the metrics from the live tables. */
    public void start(ControlPlane live, SnapshotReader.Datapath datapath, KeepalivedDirector keepalived) {
        watch = DatapathWatch.start(datapath);
        if (server != null) {
            server.serve(new SnapshotReader(live, datapath, keepalived,
                    () -> new SyncStatus(live.sync().roles(), Double.NaN)));
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
