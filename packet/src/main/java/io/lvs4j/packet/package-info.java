/**
 * Flyweight views and writers over frame bytes. JDK only; nothing here allocates per packet.
 *
 * <p>Conventions: MAC addresses are {@code long} (low 48 bits, wire order), IPv4 addresses are
 * {@code int} (big-endian value), ports and 16-bit fields are non-negative {@code int}. Views
 * ({@link io.lvs4j.packet.Flyweight}) are wrapped per packet, one instance per capture thread; call
 * {@code valid()} first, it never throws for any (buffer, offset, length), and accessors of an invalid
 * view are undefined. All offsets returned (payloadOffset) are absolute in the wrapped buffer.
 * Writers write every byte of their output and return its length.
 */
package io.lvs4j.packet;
