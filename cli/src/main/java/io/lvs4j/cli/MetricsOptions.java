package io.lvs4j.cli;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.health.KeepalivedDirector;
import io.lvs4j.control.metrics.DatapathWatch;
import io.lvs4j.control.metrics.MetricsAddress;
import io.lvs4j.control.metrics.MetricsServer;
import io.lvs4j.control.metrics.SnapshotReader;
import io.lvs4j.control.metrics.SyncStatus;
import io.lvs4j.forwarder.CaptureLoop;
import io.lvs4j.forwarder.DirectorException;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code run --metrics ADDR:PORT}: the Prometheus endpoint and status page; and the datapath watch, always. */
public final class MetricsOptions {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsOptions.class);

    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics and a live status page at /"
                    + " (off by default; e.g. 127.0.0.1:9100; 0.0.0.0:PORT for every address).")
    String metrics;

    private MetricsServer server;
    private DatapathWatch watch;

    /** Binds --metrics, before the datapath starts, so a bad value or a port in use stops the start. */
    void bind(boolean replay) {
        if (metrics == null) {
            return;
        }
        if (replay) {
            throw new DirectorException("--metrics is for a live director; a replay prints its summary instead");
        }
        InetSocketAddress at;
        try {
            at = MetricsAddress.parse(metrics);
        } catch (IllegalArgumentException e) {
            throw new DirectorException(e.getMessage());
        }
        try {
            server = MetricsServer.bind(at);
        } catch (IOException e) {
            throw new DirectorException("--metrics " + metrics + ": cannot listen: " + e.getMessage()
                    + " (port in use, or the address is not on this host)");
        }
        LOG.info("metrics at http://{}/metrics, status page at http://{}/", metrics, metrics);
    }

    /** Starts the datapath watch, and serves --metrics from the live tables. */
    void start(ControlPlane live, CaptureLoop loop, KeepalivedDirector keepalived) {
        watch = DatapathWatch.start(loop::counters);
        if (server != null) {
            server.serve(new SnapshotReader(live, loop::counters, keepalived, () -> SyncStatus.NONE));
        }
    }

    void close() {
        if (watch != null) {
            watch.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
