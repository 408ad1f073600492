package io.lvs4j.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The director's virtual services (the kernel's ip_vs_svc_table). {@link #find} is the per-packet
 * lookup: open addressing over a long key (protocol, VIP, port), no allocation; like
 * __ip_vs_service_find a miss on the exact port falls back to the port-0 (all ports, persistent)
 * service of the same VIP and protocol. Changes happen on the control path.
 */
public final class ServiceTable {
    private long[] keys = new long[16];
    private VirtualService[] values = new VirtualService[16];
    private int count;
    private final List<VirtualService> services = new ArrayList<>();
    private int[] addresses = new int[0];

    private static long key(int protocolNumber, int address, int port) {
        return ((long) (protocolNumber & 0xFF) << 48) | ((long) (port & 0xFFFF) << 32)
                | (address & 0xFFFFFFFFL) | (1L << 56); // bit 56 marks a used slot (0 = empty)
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** ipvsadm -A. */
    public void add(VirtualService svc) {
        if (exact(svc.protocol().number(), svc.address(), svc.port()) != null) {
            throw new IllegalStateException("Service already exists");
        }
        if ((count + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        insert(key(svc.protocol().number(), svc.address(), svc.port()), svc);
        count++;
        services.add(svc);
        addresses = distinctAddresses();
    }

    /** ipvsadm -D; its servers are marked removed so their connections end on the next packet. */
    public void remove(VirtualService svc) {
        if (exact(svc.protocol().number(), svc.address(), svc.port()) != svc) {
            throw new IllegalStateException("No such service");
        }
        services.remove(svc);
        for (RealServer rs : svc.servers()) {
            rs.markRemoved(false);
        }
        count = 0;
        rehash(keys.length); // rebuild without it (control path; keeps probing simple)
        addresses = distinctAddresses();
    }

    /** The service for a packet to (protocol, vip, port), else the VIP's port-0 service, else null. */
    public VirtualService find(int protocolNumber, int vip, int port) {
        VirtualService svc = exact(protocolNumber, vip, port);
        return svc != null || port == 0 ? svc : exact(protocolNumber, vip, 0);
    }

    public VirtualService find(Protocol protocol, int vip, int port) {
        return find(protocol.number(), vip, port);
    }

    private VirtualService exact(int protocolNumber, int vip, int port) {
        long k = key(protocolNumber, vip, port);
        int mask = keys.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            long stored = keys[i];
            if (stored == k) {
                return values[i];
            }
            if (stored == 0) {
                return null;
            }
        }
    }

    private void insert(long k, VirtualService svc) {
        int mask = keys.length - 1;
        int i = slot(k, mask);
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = svc;
    }

    private void rehash(int capacity) {
        keys = new long[capacity];
        values = new VirtualService[capacity];
        count = 0;
        for (VirtualService s : services) {
            insert(key(s.protocol().number(), s.address(), s.port()), s);
            count++;
        }
    }

    /** True when ip is the VIP of some service (the addresses whose ARP we answer). */
    public boolean ownsAddress(int ip) {
        for (int a : addresses) {
            if (a == ip) {
                return true;
            }
        }
        return false;
    }

    /** The distinct VIPs, in order of first appearance. */
    public int[] addresses() {
        return addresses.clone();
    }

    /** The services in order of addition (ipvsadm -L prints them in its own hash order). */
    public List<VirtualService> services() {
        return Collections.unmodifiableList(services);
    }

    public int size() {
        return services.size();
    }

    private int[] distinctAddresses() {
        return services.stream().mapToInt(VirtualService::address).distinct().toArray();
    }

    @Override
    public String toString() {
        return "ServiceTable" + Arrays.toString(services.toArray());
    }
}
