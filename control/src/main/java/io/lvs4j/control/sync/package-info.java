/**
 * Connection synchronisation between directors with the kernel's IPVS sync protocol (version 1,
 * UDP multicast, 224.0.0.81:8848 by default): {@link io.lvs4j.control.sync.SyncMessage} is the
 * wire format, {@link io.lvs4j.control.sync.SyncTracker} decides on the datapath which
 * connections a master announces, {@link io.lvs4j.control.sync.SyncSender} and
 * {@link io.lvs4j.control.sync.SyncReceiver} are the master and backup daemons, and
 * {@link io.lvs4j.control.sync.SyncDaemons} is what {@code ipvsadm --start-daemon} drives.
 * The tables are reached only through {@link io.lvs4j.control.TableAccess}.
 */
package io.lvs4j.control.sync;
