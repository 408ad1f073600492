/**
 * keepalived.conf, read into a plain model: {@link io.lvs4j.control.keepalived.KeepalivedParser}
 * gives a {@link io.lvs4j.control.keepalived.KeepalivedConfig} of virtual servers, their real
 * servers and checker blocks, or a {@link io.lvs4j.control.keepalived.ConfigException} naming
 * file:line and the reason. Nothing here touches the service table.
 */
package io.lvs4j.control.keepalived;
