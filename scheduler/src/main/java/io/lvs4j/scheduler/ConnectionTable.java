package io.lvs4j.scheduler;

/**
 * The director's connection table (the kernel's ip_vs_conn_tab plus what ip_vs_in does with it):
 * flow (protocol, client address, client port, VIP, VIP port) → real server, TCP state by the
 * INPUT_ONLY table, timeouts, persistence templates, and a size bound.
 *
 * <p>Layout: one slot per entry in parallel primitive arrays plus one {@code RealServer[]}, no
 * object per connection (about 46 bytes per slot). Lookup is a chained hash over an int bucket
 * array ({@link ConnectionHash}). Expiry uses timer lists instead of a scan ({@link ExpiryLists}): every entry sits on the
 * list of its timeout duration and kind (active / embryonic / inactive / template), in expiry order,
 * so {@link #expire} only looks at list heads. The same lists give the least-recently-used
 * embryonic or inactive entry when the table is full.
 *
 * <p>SYN-flood defence (IPVS's drop_entry and secure_tcp, made deterministic): an embryonic entry
 * (SYN_RECV: a SYN seen and no ACK since) sits on lists of its own. When the table is full, a new
 * flow takes the slot of the least recently used embryonic entry, else of the least recently used
 * inactive one, and is dropped only when every entry is established (or another active state) or
 * a template. Under {@link TablePressure} (from {@link TablePressure#PRESSURE_PERCENT} % full until the table
 * drains below {@link TablePressure#RELIEF_PERCENT} %), SYN_RECV lasts
 * {@link TablePressure#PRESSURE_SYN_RECV_MILLIS} instead of its timeout.
 *
 * <p>Confined to one datapath thread; time comes in as {@code nowMillis} and never runs backwards
 * here (an earlier reading is taken as the latest one seen: the clock of {@link ExpiryLists}).
 * Drop, eviction and pressure counts are read from {@link #counters()}.
 */
public final class ConnectionTable {
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private static final int NIL = ExpiryLists.NIL;
    private static final int F_UDP = SlotFlags.F_UDP;

    private final int capacity;
    private final Timeouts timeouts;

    // per slot
    private final byte[] flags;       // SlotFlags: TCP state | F_UDP | F_TEMPLATE | ConnectionHash.F_HASHED
    private final int[] control;      // template: connections it controls (n_control); connection: template slot + 1, 0 = none
    private final RealServer[] servers;
    private final ConnectionHash hash; // flow key → slot, and the keys
    private final ExpiryLists lists;  // expiry, timer lists and the free list

    private final TablePressure pressure;

    private volatile boolean sloppyTcp;
    private ConnectionObserver observer;

    private final TableCounters counters;

    public ConnectionTable(Timeouts timeouts) {
        this(DEFAULT_CAPACITY, timeouts);
    }

    public ConnectionTable(int capacity, Timeouts timeouts) {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("connection table capacity " + capacity + " is out of range 1..2^30");
        }
        this.capacity = capacity;
        this.timeouts = timeouts;
        pressure = new TablePressure(capacity);
        counters = new TableCounters(pressure);
        flags = new byte[capacity];
        control = new int[capacity];
        servers = new RealServer[capacity];
        hash = new ConnectionHash(capacity, flags);
        lists = new ExpiryLists(capacity, timeouts);
    }

    /**
     * One client→server packet of {@code svc} (ip_vs_in): finds or creates its connection,
     * advances the TCP state, restarts the timeout and counts the packet.
     *
     * @param tcpFlags the TCP header's flags byte (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10); ignored for UDP
     * @param ipLength the IP packet's length, for the byte counters
     * @return the server the packet goes to, or null when it is dropped (and counted)
     */
    public RealServer dispatch(VirtualService svc, int clientAddress, int clientPort, int virtualAddress,
                               int virtualPort, int tcpFlags, int ipLength, long nowMillis) {
        long now = lists.advance(nowMillis);
        boolean udp = svc.protocol() == Protocol.UDP;
        long addressKey = ConnectionHash.key(clientAddress, virtualAddress);
        int portKey = (clientPort << 16) | (virtualPort & 0xFFFF);
        int keyFlags = udp ? F_UDP : 0;
        int s = hash.find(addressKey, portKey, keyFlags);
        RealServer rs;
        boolean created = s == NIL;
        if (s != NIL) {
            rs = servers[s];
            if ((rs.removed() && !rs.retired()) || rs.service() != svc) {
                // the server was deleted or its service replaced: the flow cannot continue there
                release(s);
                counters.droppedServerRemoved++;
                return null;
            }
        } else {
            if (!udp && !SlotFlags.startsTcpConnection(tcpFlags, sloppyTcp)) {
                counters.droppedNotSyn++;
                return null;
            }
            s = create(svc, clientAddress, clientPort, virtualAddress, addressKey, portKey, keyFlags, tcpFlags, now);
            if (s == NIL) {
                return null;
            }
            rs = servers[s];
        }
        int list;
        int old = flags[s] & SlotFlags.STATE_MASK;
        if (udp) {
            list = lists.udpList();
        } else {
            TcpState from = TcpState.ofOrdinal(old);
            // NAT sees both directions (INPUT table), DR and TUN only this one (INPUT_ONLY)
            list = setState(s, rs, rs.method() == ForwardingMethod.MASQ ? from.nextInput(tcpFlags) : from.next(tcpFlags));
        }
        lists.touch(s, list, now);
        svc.stats().count(ipLength);
        rs.stats().count(ipLength);
        if (observer != null) {
            observer.dispatched(s, created, svc, clientAddress, clientPort, virtualAddress, virtualPort, rs,
                    SlotFlags.state(flags[s]), created ? TcpState.NONE : TcpState.ofOrdinal(old), now);
        }
        return rs;
    }

    /**
     * IPVS's net.ipv4.vs.sloppy_tcp: when set, a TCP flow first seen mid-stream (another director
     * had it, behind ECMP) gets an entry instead of being dropped. Volatile: the control socket
     * may set it while the datapath thread reads it, only on a table miss.
     */
    public void sloppyTcp(boolean on) {
        sloppyTcp = on;
    }

    public boolean sloppyTcp() {
        return sloppyTcp;
    }

    /**
     * One server→client packet of a NAT connection (ip_vs_out): the entry of (client, VIP:vport of
     * {@code rs}'s service) must exist and be bound to {@code rs}; its TCP state follows the
     * OUTPUT table, its timeout restarts and the packet counts in OutPkts/OutBytes.
     *
     * @return false when no such connection exists (the packet is not ours to translate)
     */
    public boolean reply(RealServer rs, int clientAddress, int clientPort, int virtualPort, int tcpFlags,
                         int ipLength, long nowMillis) {
        int s = natSlot(rs, clientAddress, clientPort, virtualPort);
        if (s == NIL) {
            return false;
        }
        lists.touch(s, SlotFlags.udp(flags[s]) ? lists.udpList()
                : setState(s, rs, SlotFlags.state(flags[s]).nextOutput(tcpFlags)), lists.advance(nowMillis));
        rs.service().stats().countOut(ipLength);
        rs.stats().countOut(ipLength);
        return true;
    }

    /** True when (client, VIP:vport of {@code rs}'s service) is a connection bound to {@code rs} (a NAT'ed ICMP error's flow). */
    public boolean bound(RealServer rs, int clientAddress, int clientPort, int virtualPort) {
        return natSlot(rs, clientAddress, clientPort, virtualPort) != NIL;
    }

    private int natSlot(RealServer rs, int clientAddress, int clientPort, int virtualPort) {
        VirtualService svc = rs.service();
        int s = hash.find(ConnectionHash.key(clientAddress, svc.address()), (clientPort << 16) | (virtualPort & 0xFFFF),
                svc.protocol() == Protocol.UDP ? F_UDP : 0);
        return s != NIL && servers[s] == rs ? s : NIL;
    }

    /** Moves a TCP entry to {@code next} (set_tcp_state); its timer list. */
    private int setState(int s, RealServer rs, TcpState next) {
        return lists.tcpList(SlotFlags.setTcpState(flags, s, rs, next), pressure.on());
    }

    /** The observer told of every dispatched packet (connection sync's master), or null for none. */
    public void observe(ConnectionObserver observer) {
        this.observer = observer;
    }

    /** Expires every entry whose time has come (call it every ~100 ms); work is O(expired + lists). */
    public void expire(long nowMillis) {
        long now = lists.advance(nowMillis);
        for (int l = 0; l < lists.count(); l++) {
            int s;
            while ((s = lists.head(l)) != NIL && lists.expiry(s) <= now) {
                if (SlotFlags.template(flags[s]) && control[s] > 0) {
                    // ip_vs_conn_expire: a template that controls connections lives on
                    lists.touch(s, lists.templateRetryList(), now);
                } else {
                    release(s);
                }
            }
        }
    }

    /**
     * An entry learnt from a sync master (the backup's ip_vs_proc_conn): inserted or refreshed
     * with the master's server, state and timeout, never scheduled. A synced connection is not
     * linked to its template (nor is it in the kernel); the template keeps the client's server.
     *
     * @param template       a persistence template (client port 0, virtual port the service's)
     * @param timeoutMillis  the master's timeout, or 0 for the local one of {@code state}
     * @return false when the table is full of entries that cannot be evicted (counted)
     */
    public boolean insertSynced(RealServer rs, boolean template, int clientAddress, int clientPort,
                                int virtualAddress, int virtualPort, TcpState state, long timeoutMillis,
                                long nowMillis) {
        long now = lists.advance(nowMillis);
        boolean udp = rs.service().protocol() == Protocol.UDP;
        int keyFlags = (udp ? SlotFlags.F_UDP : 0) | (template ? SlotFlags.F_TEMPLATE : 0);
        long addressKey = ConnectionHash.key(clientAddress, virtualAddress);
        int portKey = ((template ? 0 : clientPort) << 16) | (virtualPort & 0xFFFF);
        int st = template || udp ? TcpState.NONE.ordinal() : state.ordinal();
        boolean active = !template && !udp && SlotFlags.active(st);
        int s = hash.find(addressKey, portKey, keyFlags);
        if (s == NIL) {
            s = allocate();
            if (s == NIL) {
                counters.droppedTableFull++;
                return false;
            }
            fill(s, addressKey, portKey, keyFlags | st, rs);
            rs.bind(template, active);
        } else {
            boolean wasActive = !template && SlotFlags.active(flags[s]);
            if (servers[s] != rs) { // the master moved it (ip_vs_proc_conn rebinds the dest)
                servers[s].unbind(template, wasActive);
                rs.bind(template, active);
                servers[s] = rs;
            } else if (wasActive != active) {
                rs.activeChanged(active);
            }
            flags[s] = (byte) ((flags[s] & ~SlotFlags.STATE_MASK) | st);
        }
        lists.touch(s, lists.syncedList(keyFlags | st, timeoutMillis, rs.service().persistenceSeconds()), now);
        return true;
    }

    // ---- creation (ip_vs_schedule / ip_vs_sched_persist) ----

    private int create(VirtualService svc, int clientAddress, int clientPort, int virtualAddress,
                       long addressKey, int portKey, int keyFlags, int tcpFlags, long now) {
        RealServer rs;
        int template = NIL;
        if (svc.persistenceSeconds() > 0) {
            long templateAddress = ConnectionHash.key(clientAddress & svc.persistenceNetmask(), svc.address());
            int templatePort = svc.port() & 0xFFFF; // client port 0
            int templateFlags = keyFlags | SlotFlags.F_TEMPLATE;
            template = hash.find(templateAddress, templatePort, templateFlags);
            if (template != NIL && (servers[template].removed() || servers[template].service() != svc)) {
                // ip_vs_check_template: an invalid template is unhashed and left to expire
                hash.unhash(template);
                template = NIL;
            }
            if (template == NIL) {
                rs = svc.scheduler().schedule(svc, clientAddress, clientPort, virtualAddress, now);
                if (rs == null) {
                    counters.droppedNoDestination++;
                    return NIL;
                }
                template = allocate();
                if (template == NIL) {
                    counters.droppedTableFull++;
                    return NIL;
                }
                fill(template, templateAddress, templatePort, templateFlags, rs);
                rs.bind(true, false);
            } else {
                rs = servers[template];
            }
            // ip_vs_conn_put(ct): the template's timer restarts with each new connection under it
            lists.touch(template, lists.listFor(svc.persistenceSeconds() * 1000L, ExpiryLists.KIND_TEMPLATE), now);
        } else {
            rs = svc.scheduler().schedule(svc, clientAddress, clientPort, virtualAddress, now);
            if (rs == null) {
                counters.droppedNoDestination++;
                return NIL;
            }
        }
        int s = allocate();
        if (s == NIL) {
            counters.droppedTableFull++;
            return NIL;
        }
        // a SYN moves NONE → SYN_RECV at once; UDP stays in its one (inactive) state
        int state = SlotFlags.udp(keyFlags) ? TcpState.NONE.ordinal() : TcpState.NONE.next(tcpFlags).ordinal();
        fill(s, addressKey, portKey, keyFlags | state, rs);
        if (template != NIL) {
            control[s] = template + 1;
            control[template]++; // ip_vs_control_add
        }
        rs.bind(false, SlotFlags.active(keyFlags | state));
        svc.stats().connections++;
        rs.stats().connections++;
        return s;
    }

    private void fill(int s, long addressKey, int portKey, int f, RealServer rs) {
        flags[s] = (byte) f;
        servers[s] = rs;
        control[s] = 0;
        hash.insert(s, addressKey, portKey);
    }

    /**
     * A free slot; when full, the slot of the least recently used embryonic entry, else of the
     * least recently used inactive one; NIL if every entry is active or a template.
     */
    private int allocate() {
        int s = lists.takeFree();
        if (s == NIL) {
            int victim = lists.leastRecentlyUsed(ExpiryLists.KIND_EMBRYONIC);
            if (victim != NIL) {
                counters.evictedEmbryonic++;
            } else {
                victim = lists.leastRecentlyUsed(ExpiryLists.KIND_INACTIVE);
                if (victim == NIL) {
                    return NIL;
                }
                counters.evictedInactive++;
            }
            release(victim);
            s = lists.takeFree();
        }
        pressure.added();
        return s;
    }

    /** Unbinds and frees a slot (ip_vs_conn_expire's cleanup: unbind dest, drop control). */
    private void release(int s) {
        int f = flags[s];
        RealServer rs = servers[s];
        if (SlotFlags.template(f)) {
            rs.unbind(true, false);
        } else {
            rs.unbind(false, SlotFlags.active(f));
            int template = control[s] - 1;
            if (template >= 0) {
                control[template]--; // ip_vs_control_del
            }
        }
        if ((f & ConnectionHash.F_HASHED) != 0) {
            hash.unhash(s);
        }
        servers[s] = null;
        flags[s] = 0;
        control[s] = 0;
        lists.free(s);
        pressure.removed();
    }

    // ---- queries ----

    public int size() {
        return pressure.size();
    }

    public int capacity() {
        return capacity;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** The latest time seen by dispatch or expire. */
    public long clock() {
        return lists.clock();
    }

    /** The drop, eviction and pressure readouts (live: read them on the datapath thread, as {@link Stats}). */
    public TableCounters counters() {
        return counters;
    }

    /** Visits every entry, connections and templates (ipvsadm -Lnc); control path, O(capacity). */
    public void forEach(ConnectionVisitor visitor) {
        for (int s = 0; s < capacity; s++) {
            RealServer rs = servers[s];
            if (rs == null) {
                continue;
            }
            int f = flags[s];
            visitor.visit(SlotFlags.udp(f) ? Protocol.UDP : Protocol.TCP,
                    (int) (hash.address(s) >>> 32), hash.port(s) >>> 16,
                    (int) hash.address(s), hash.port(s) & 0xFFFF, rs,
                    SlotFlags.state(f), Math.max(0, lists.expiry(s) - lists.clock()), SlotFlags.template(f));
        }
    }
}
