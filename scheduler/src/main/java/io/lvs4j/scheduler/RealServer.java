package io.lvs4j.scheduler;

/**
 * A real server of one virtual service (the kernel's {@code ip_vs_dest}). Confined to the
 * datapath thread. Connection counts and the overload flag follow ip_vs_bind_dest and
 * ip_vs_unbind_dest; {@link #nextHopMac()} is the forwarder's cache of where frames go, like the
 * kernel's dest_dst route cache.
 */
public final class RealServer {
    public static final int MAX_WEIGHT = 65535;
    public static final long MAC_UNKNOWN = -1L;

    private final VirtualService service;
    private final int address;
    private final int port;
    private ForwardingMethod method;
    private int weight;
    private int lastWeight;
    private int upperThreshold;
    private int lowerThreshold;
    private boolean overloaded;
    private boolean removed;
    private boolean retired;
    private int activeConnections;
    private int inactiveConnections;
    private int persistentConnections;
    private final Stats stats = new Stats();

    /** Where frames for this server go; written only by the forwarder's neighbour resolution. */
    private long nextHopMac = MAC_UNKNOWN;

    RealServer(VirtualService service, int address, int port, ForwardingMethod method,
               int weight, int upperThreshold, int lowerThreshold) {
        this.service = service;
        this.address = address;
        this.port = port;
        set(method, weight, upperThreshold, lowerThreshold);
        this.lastWeight = weight;
    }

    /** Applies an edit (ipvsadm -e). Like the kernel, a raised or removed upper threshold clears overload. */
    void set(ForwardingMethod method, int weight, int upperThreshold, int lowerThreshold) {
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " is out of range 0.." + MAX_WEIGHT);
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException("thresholds must be >= 0");
        }
        if (lowerThreshold > upperThreshold) {
            // ip_vs_add_dest / ip_vs_edit_dest refuse this with ERANGE
            throw new IllegalArgumentException("lower threshold " + lowerThreshold
                    + " is higher than upper threshold " + upperThreshold);
        }
        if (upperThreshold == 0 || upperThreshold > this.upperThreshold) {
            overloaded = false;
        }
        this.method = method;
        this.weight = weight;
        if (weight > 0) {
            lastWeight = weight;
        }
        this.upperThreshold = upperThreshold;
        this.lowerThreshold = lowerThreshold;
    }

    public VirtualService service() {
        return service;
    }

    public int address() {
        return address;
    }

    public int port() {
        return port;
    }

    public ForwardingMethod method() {
        return method;
    }

    public int weight() {
        return weight;
    }

    /** The last non-zero weight (mh keeps a quiesced server's slots with it). */
    public int lastWeight() {
        return lastWeight;
    }

    public int upperThreshold() {
        return upperThreshold;
    }

    public int lowerThreshold() {
        return lowerThreshold;
    }

    /** Where frames for this server go (its MAC, or the gateway's); {@link #MAC_UNKNOWN} until resolved. */
    public long nextHopMac() {
        return nextHopMac;
    }

    /**
     * The forwarder resolved (or lost, with {@link #MAC_UNKNOWN}) this server's next hop. Datapath
     * state like the counters: only the datapath thread calls it.
     */
    public void nextHopResolved(long mac) {
        nextHopMac = mac;
    }

    /** The kernel's IP_VS_DEST_F_OVERLOAD: set by the upper threshold. */
    public boolean overloaded() {
        return overloaded;
    }

    /**
     * What schedulers test where the kernel tests IP_VS_DEST_F_OVERLOAD: overloaded, or no
     * next hop yet (a server whose MAC is unknown cannot take new connections).
     */
    public boolean unavailable() {
        return overloaded || nextHopMac == MAC_UNKNOWN;
    }

    /** True once the server left its service: it takes no new connections, and no persistent client either. */
    public boolean removed() {
        return removed;
    }

    /**
     * True when the server left its service but its established flows go on to it until they end
     * or time out (a health check taking it out, unless run --expire-nodest-conn). A server deleted
     * with ipvsadm -d is removed and not retired: its connections are dropped on their next packet.
     */
    public boolean retired() {
        return retired;
    }

    void markRemoved(boolean keepFlows) {
        removed = true;
        retired = keepFlows;
    }

    public int activeConnections() {
        return activeConnections;
    }

    public int inactiveConnections() {
        return inactiveConnections;
    }

    public int persistentConnections() {
        return persistentConnections;
    }

    /** The scheduler's load measure: activeconns * 256 + inactconns (ip_vs_dest_conn_overhead). */
    public int overhead() {
        return (activeConnections << 8) + inactiveConnections;
    }

    public Stats stats() {
        return stats;
    }

    /** A connection (or persistence template) was bound to this server (ip_vs_bind_dest). */
    public void bind(boolean template, boolean active) {
        if (template) {
            persistentConnections++;
        } else if (active) {
            activeConnections++;
        } else {
            inactiveConnections++;
        }
        if (upperThreshold != 0 && totalConnections() >= upperThreshold) {
            overloaded = true;
        }
    }

    /** A connection moved between the active and inactive TCP states. */
    public void activeChanged(boolean nowActive) {
        if (nowActive) {
            inactiveConnections--;
            activeConnections++;
        } else {
            activeConnections--;
            inactiveConnections++;
        }
    }

    /** A connection or template expired or was dropped (ip_vs_unbind_dest and its overload rule). */
    public void unbind(boolean template, boolean active) {
        if (template) {
            persistentConnections--;
        } else if (active) {
            activeConnections--;
        } else {
            inactiveConnections--;
        }
        if (lowerThreshold != 0) {
            if (totalConnections() < lowerThreshold) {
                overloaded = false;
            }
        } else if (upperThreshold != 0) {
            if (totalConnections() * 4 < upperThreshold * 3) {
                overloaded = false;
            }
        } else {
            overloaded = false;
        }
    }

    private int totalConnections() {
        return activeConnections + inactiveConnections;
    }

    @Override
    public String toString() {
        return Ipv4.toString(address) + ":" + port;
    }
}
