package io.lvs4j.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A virtual service (the kernel's {@code ip_vs_service}): protocol, VIP and port, the scheduler,
 * persistence, and the real servers in list order — a new server goes to the head, so the list is
 * the reverse of the order of {@code -a} commands. Confined to the datapath thread.
 */
public final class VirtualService {
    private final Protocol protocol;
    private final int address;
    private final int port;
    private Scheduler scheduler;
    private int schedulerFlags;
    private int persistenceSeconds;
    private int persistenceNetmask;
    private final List<RealServer> servers = new ArrayList<>();
    private final List<RealServer> serversView = Collections.unmodifiableList(servers);
    private final Stats stats = new Stats();

    /**
     * @param persistenceSeconds 0 for none; else how long a client's template pins it to a server
     * @param persistenceNetmask the -M mask applied to client addresses for templates
     */
    public VirtualService(Protocol protocol, int address, int port, Scheduler scheduler,
                          int persistenceSeconds, int persistenceNetmask) {
        this(protocol, address, port, scheduler, 0, persistenceSeconds, persistenceNetmask);
    }

    /**
     * @param schedulerFlags the kernel's IP_VS_SVC_F_SCHED1..3 bits ({@link SchedulerFlags#FLAG_1} …)
     *                       the scheduler was made with; kept on the service, as the kernel keeps them
     */
    public VirtualService(Protocol protocol, int address, int port, Scheduler scheduler, int schedulerFlags,
                          int persistenceSeconds, int persistenceNetmask) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        if (port == 0 && persistenceSeconds == 0) {
            throw new IllegalArgumentException("a port-0 service must be persistent (-p)");
        }
        this.protocol = protocol;
        this.address = address;
        this.port = port;
        this.scheduler = scheduler;
        this.schedulerFlags = schedulerFlags;
        this.persistenceSeconds = persistenceSeconds;
        this.persistenceNetmask = persistenceNetmask;
        scheduler.attach(this);
    }

    public Protocol protocol() {
        return protocol;
    }

    public int address() {
        return address;
    }

    public int port() {
        return port;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The scheduler flag bits (-b) this service's scheduler was made with; 0 for none. */
    public int schedulerFlags() {
        return schedulerFlags;
    }

    public int persistenceSeconds() {
        return persistenceSeconds;
    }

    public int persistenceNetmask() {
        return persistenceNetmask;
    }

    public Stats stats() {
        return stats;
    }

    /** The servers in list order (head first), read-only. */
    public List<RealServer> servers() {
        return serversView;
    }

    /** The server with this address and port, or null. */
    public RealServer server(int serverAddress, int serverPort) {
        for (RealServer rs : servers) {
            if (rs.address() == serverAddress && rs.port() == serverPort) {
                return rs;
            }
        }
        return null;
    }

    /** ipvsadm -a: inserts at the head and tells the scheduler. */
    public RealServer addServer(int serverAddress, int serverPort, ForwardingMethod method,
                                int weight, int upperThreshold, int lowerThreshold) {
        if (server(serverAddress, serverPort) != null) {
            throw new IllegalStateException("Destination already exists");
        }
        RealServer rs = new RealServer(this, serverAddress, serverPort, method, weight,
                upperThreshold, lowerThreshold);
        servers.add(0, rs);
        scheduler.serverAdded(this, rs);
        return rs;
    }

    /** ipvsadm -e: edits in place; the server keeps its place and its connections. */
    public void editServer(RealServer rs, ForwardingMethod method, int weight,
                           int upperThreshold, int lowerThreshold) {
        rs.set(method, weight, upperThreshold, lowerThreshold);
        scheduler.serverUpdated(this, rs);
    }

    /** ipvsadm -d: the server leaves the list first, then the scheduler is told; its connections are dropped. */
    public void removeServer(RealServer rs) {
        removeServer(rs, false);
    }

    /**
     * Takes the server out like {@link #removeServer(RealServer)}; with {@code keepFlows} its
     * established flows still go to it (their next hop as it was) until they end or time out.
     * Adding the server again makes a new RealServer; those flows stay with the old one.
     */
    public void removeServer(RealServer rs, boolean keepFlows) {
        int index = servers.indexOf(rs);
        if (index < 0) {
            throw new IllegalStateException("No such destination");
        }
        servers.remove(index);
        rs.markRemoved(keepFlows);
        scheduler.serverRemoved(this, rs, index);
    }

    /** ipvsadm -E keeping the scheduler flags: see {@link #edit(Scheduler, int, int, int)}. */
    public void edit(Scheduler newScheduler, int newPersistenceSeconds, int newNetmask) {
        edit(newScheduler, schedulerFlags, newPersistenceSeconds, newNetmask);
    }

    /** ipvsadm -E: a new scheduler starts from the current list, as if the service were built now. */
    public void edit(Scheduler newScheduler, int newSchedulerFlags, int newPersistenceSeconds, int newNetmask) {
        if (port == 0 && newPersistenceSeconds == 0) {
            throw new IllegalArgumentException("a port-0 service must be persistent (-p)");
        }
        this.schedulerFlags = newSchedulerFlags;
        this.persistenceSeconds = newPersistenceSeconds;
        this.persistenceNetmask = newNetmask;
        if (newScheduler != scheduler) {
            // ip_vs_edit_service: unbind the old scheduler, bind the new one to the current list
            this.scheduler = newScheduler;
            newScheduler.attach(this);
        }
    }

    @Override
    public String toString() {
        return protocol + " " + Ipv4.toString(address) + ":" + port + " " + scheduler.name();
    }
}
