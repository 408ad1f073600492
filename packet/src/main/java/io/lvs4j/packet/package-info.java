/** Flyweight views and writers over frame bytes. JDK only; nothing here allocates per packet. */
package io.lvs4j.packet;
