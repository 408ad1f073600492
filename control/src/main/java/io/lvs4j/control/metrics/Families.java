package io.lvs4j.control.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric families being built for one scrape: a counter or gauge by name, its samples added as the
 * snapshot is walked. Names are given without "_total"; the text format adds it to counters.
 */
final class Families {
    private record Family(boolean counter, String help, Map<Labels, Double> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    void counter(String name, String help, Labels labels, double value) {
        add(name, true, help, labels, value);
    }

    void gauge(String name, String help, Labels labels, double value) {
        add(name, false, help, labels, value);
    }

    /** Declares a family with no sample yet, so it shows (empty) in a scrape and its samples keep this order. */
    void declare(String name, boolean counter, String help) {
        families.computeIfAbsent(name, n -> new Family(counter, help, new LinkedHashMap<>()));
    }

    private void add(String name, boolean counter, String help, Labels labels, double value) {
        Family f = families.computeIfAbsent(name, n -> new Family(counter, help, new LinkedHashMap<>()));
        if (f.counter() != counter) {
            throw new IllegalStateException(name + " is both a counter and a gauge");
        }
        f.samples().merge(labels, value, Double::sum); // as node_exporter sums backends with the same labels
    }

    List<MetricSnapshot> build() {
        List<MetricSnapshot> out = new ArrayList<>();
        families.forEach((name, f) -> {
            if (f.counter()) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(f.help());
                f.samples().forEach((l, v) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(v).build()));
                out.add(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(f.help());
                f.samples().forEach((l, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
                out.add(b.build());
            }
        });
        return out;
    }
}
