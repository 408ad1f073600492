/**
 * Monitoring: {@code run --metrics ADDR:PORT} serves Prometheus metrics at {@code /metrics}
 * (node_exporter's IPVS names and labels, plus lvs4j's own families) and a live status page at
 * {@code /}. Every scrape or page refresh reads one {@link io.lvs4j.control.metrics.DirectorSnapshot}:
 * copies taken on the datapath thread through the control plane, as ipvsadm -L does, so the packet
 * path never takes a lock for them. {@link io.lvs4j.control.metrics.DatapathWatch} logs rate-limited
 * warnings when the datapath's error counters rise.
 */
package io.lvs4j.control.metrics;
