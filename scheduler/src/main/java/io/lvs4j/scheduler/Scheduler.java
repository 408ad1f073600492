package io.lvs4j.scheduler;

/**
 * One IPVS scheduling algorithm (the kernel's {@code struct ip_vs_scheduler}). An instance belongs
 * to one virtual service and keeps that service's scheduling state (cursors, hash tables).
 * Every "first" means first in the service's list order; ties go to the earlier server.
 */
public interface Scheduler {

    /** The ipvsadm name: rr, wrr, lc, … */
    String name();

    /**
     * Picks the real server for a new connection, or returns null when no server is available
     * (IPVS then drops the packet). Address arguments are numeric big-endian IPv4 values.
     */
    RealServer schedule(VirtualService service, int clientAddress, int clientPort,
                        int virtualAddress, long nowMillis);

    /**
     * The scheduler was bound to {@code service} (ip_vs_bind_scheduler → init_service): called by
     * the VirtualService constructor and by {@link VirtualService#edit}, so a scheduler set over an
     * existing list starts as "created with its servers present".
     */
    default void attach(VirtualService service) {
    }

    /** A server was inserted at the head of the list. */
    default void serverAdded(VirtualService service, RealServer server) {
    }

    /** A server left the list; {@code formerIndex} is where it stood (rr moves its cursor back). */
    default void serverRemoved(VirtualService service, RealServer server, int formerIndex) {
    }

    /** A server's weight, thresholds or method were edited. */
    default void serverUpdated(VirtualService service, RealServer server) {
    }
}
