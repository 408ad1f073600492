/**
 * Real-server health checks with keepalived's rules, on their own threads. A
 * {@link io.lvs4j.control.health.HealthMonitor} runs every checker of a parsed configuration and
 * tells a {@link io.lvs4j.control.health.HealthListener} when a real server goes up or down;
 * turning that into a table edit is the caller's job.
 */
package io.lvs4j.control.health;
