package io.lvs4j.cli;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.health.KeepalivedDirector;
import io.lvs4j.control.metrics.Monitoring;
import io.lvs4j.forwarder.CaptureLoop;
import io.lvs4j.forwarder.DirectorException;
import picocli.CommandLine.Option;

/** {@code run --metrics ADDR:PORT}: the Prometheus endpoint and status page ({@link Monitoring}). */
public final class MetricsOptions {
    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics at http://ADDR:PORT/metrics and a live status page at /"
                    + " (off by default; e.g. 127.0.0.1:9100; 0.0.0.0:PORT for every address).")
    String metrics;

    private Monitoring monitoring;

    /** Binds --metrics before the datapath starts, so a bad value or a port in use stops the start. */
    void bind(boolean replay) {
        if (replay && metrics != null) {
            throw new DirectorException("--metrics is for a live director; a replay prints its summary instead");
        }
        try {
            monitoring = Monitoring.bind(metrics);
        } catch (IllegalArgumentException e) {
            throw new DirectorException(e.getMessage());
        }
    }

    void start(ControlPlane live, CaptureLoop loop, KeepalivedDirector keepalived) {
        monitoring.start(live, loop::counters, keepalived);
    }

    /** Stops serving (at stop, or when the start failed after {@link #bind}). */
    void close() {
        if (monitoring != null) {
            monitoring.close();
        }
    }
}
