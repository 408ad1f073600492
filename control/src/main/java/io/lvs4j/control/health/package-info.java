/**
 * Reserved for health checks of real servers: a checker will set weights (quiesce at 0, restore
 * after) through {@link io.lvs4j.control.ControlPlane}, like any other caller. Empty for now.
 */
package io.lvs4j.control.health;
