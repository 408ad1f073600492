/**
 * Reserved for metrics export: counters and rates read as copies through
 * {@link io.lvs4j.control.ControlPlane#services()}. Empty for now.
 */
package io.lvs4j.control.metrics;
