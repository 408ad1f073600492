/**
 * The whole IPVS model, not only the schedulers: virtual services and real servers with their
 * settings, counters and -b flag bits, the service table, the 13 schedulers, the connection
 * table with TCP state, timeouts and persistence templates. JDK only and deterministic (time is
 * passed in); confined to the datapath thread. The control plane edits it (module control), the
 * forwarder reads it per packet.
 */
package io.lvs4j.scheduler;
