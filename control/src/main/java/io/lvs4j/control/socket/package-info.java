/**
 * The Unix control socket: the root-only server the director listens on, and the
 * length-prefixed protocol its clients ({@code lvs4j ipvsadm}) speak. A request is ipvsadm's
 * arguments, handed to {@link io.lvs4j.control.ipvsadm.IpvsadmExecutor}.
 */
package io.lvs4j.control.socket;
