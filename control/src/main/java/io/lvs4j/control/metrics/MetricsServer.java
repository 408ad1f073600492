package io.lvs4j.control.metrics;

import io.lvs4j.control.RateEstimator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --metrics}: /metrics (Prometheus text or protobuf, by the client library's HTTP
 * server) and the status page at / on one port. Bound at start, before the datapath runs, so a
 * port in use fails the start; it serves from {@link #serve} on (until then a scrape gets lvs4j_up 0 and the page a 503).
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HTTPServer http;
    private final RateHistory history = new RateHistory();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lvs4j-status-history");
        t.setDaemon(true);
        return t;
    });
    private volatile SnapshotReader reader;

    private MetricsServer(InetSocketAddress at) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Supplier<DirectorSnapshot> snapshots = this::snapshot;
        registry.register(new DirectorCollector(snapshots));
        http = HTTPServer.builder().inetAddress(at.getAddress()).port(at.getPort()).registry(registry)
                .defaultHandler(new StatusPage(snapshots, history))
                .buildAndStart();
    }

    /**
     * Binds {@code at} now.
     *
     * @throws IOException when it cannot (port in use, address not on this host)
     */
    public static MetricsServer bind(InetSocketAddress at) throws IOException {
        return new MetricsServer(at);
    }

    /** From now on every scrape and page load reads through {@code reader}; the page's charts sample every 2 s. */
    public void serve(SnapshotReader reader) {
        this.reader = reader;
        sampler.scheduleWithFixedDelay(() -> {
            try {
                history.record(reader.read());
            } catch (Exception e) {
                LOG.debug("status page sample skipped: {}", e.toString());
            }
        }, 0, RateEstimator.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    public int port() {
        return http.getPort();
    }

    private DirectorSnapshot snapshot() {
        SnapshotReader r = reader;
        if (r == null) {
            throw new IllegalStateException("the director is starting");
        }
        try {
            return r.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        http.close();
    }
}
