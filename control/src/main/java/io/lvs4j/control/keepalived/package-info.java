/**
 * Reserved for a keepalived.conf loader: virtual_server and real_server blocks turned into
 * {@link io.lvs4j.control.TableChange}s applied through {@link io.lvs4j.control.ControlPlane}.
 * Empty for now.
 */
package io.lvs4j.control.keepalived;
