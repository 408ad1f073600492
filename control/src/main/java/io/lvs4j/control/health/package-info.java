/**
 * Real-server health checks with keepalived's rules, on their own threads. A
 * {@link io.lvs4j.control.health.HealthMonitor} runs every checker of a parsed configuration and
 * tells a {@link io.lvs4j.control.health.HealthListener} when a real server goes up or down.
 * {@link io.lvs4j.control.health.KeepalivedDirector} is that listener for {@code lvs4j run
 * --keepalived}: it turns each event, the start and every reload into table changes through the
 * control plane (only the difference on reload, unchanged servers' checks left running).
 */
package io.lvs4j.control.health;
