/**
 * Reserved for connection synchronisation between directors (the kernel's ipvs sync daemon),
 * reaching the tables only through {@link io.lvs4j.control.ControlPlane}. Empty for now.
 */
package io.lvs4j.control.sync;
