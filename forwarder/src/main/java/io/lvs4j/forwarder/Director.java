package io.lvs4j.forwarder;

import io.lvs4j.packet.ArpPacket;
import io.lvs4j.packet.ArpWriter;
import io.lvs4j.packet.DirectRouting;
import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.IpFragmenter;
import io.lvs4j.packet.Ipv4Packet;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.packet.TcpSegment;
import io.lvs4j.packet.UdpDatagram;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet's way through the director, on raw bytes: classify the frame in place, answer ARP
 * for the VIPs, learn real servers' MACs, find the virtual service, let the connection table pick
 * the real server, rewrite and transmit. Knows nothing of pcap or config files (the capture loop
 * and the control plane drive it), so the same code serves the NIC, offline replay and the tests.
 * Confined to one thread; nothing here allocates, locks or logs per packet.
 */
public final class Director {
    private static final Logger LOG = LoggerFactory.getLogger(Director.class);

    static final long TICK_MILLIS = 100;

    private final Nic nic;
    private final FrameSink out;
    private final ServiceTable services;
    private final ConnectionTable connections;
    private final boolean ownsVips;
    private final boolean anyDestination;
    private final NeighbourTable neighbours = new NeighbourTable();
    private final DirectorCounters counters = new DirectorCounters();
    private final NeighbourTable.Resolver arpRequester = this::sendArpRequest;
    private final IpipTunnel tunnel;
    private final IcmpTooBig icmpTooBig;
    private final Masquerading nat;
    private int icmpIdentification;

    private final EthernetFrame eth = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final TcpSegment tcp = new TcpSegment();
    private final UdpDatagram udp = new UdpDatagram();
    private final byte[] tx = new byte[PcapPort.SNAPLEN];
    private long nextTick = Long.MIN_VALUE;

    /**
     * @param ownsVips       VIP mode "own": answer ARP for the VIPs (in "kernel" mode the kernel does)
     * @param anyDestination take frames to any MAC as ours (offline replay without --mac)
     * @param tunnelSource   the outer source address of IPIP packets (normally the NIC's)
     */
    public Director(Nic nic, FrameSink out, ServiceTable services, ConnectionTable connections,
                    boolean ownsVips, boolean anyDestination, int tunnelSource) {
        this.nic = nic;
        this.out = out;
        this.services = services;
        this.connections = connections;
        this.ownsVips = ownsVips;
        this.anyDestination = anyDestination;
        this.icmpTooBig = new IcmpTooBig(out, nic.mac(), counters);
        this.tunnel = new IpipTunnel(out, nic.mac(), tunnelSource, nic.mtu(), counters, icmpTooBig);
        this.nat = new Masquerading(nic, out, connections, icmpTooBig);
    }

    public ServiceTable services() {
        return services;
    }

    public ConnectionTable connections() {
        return connections;
    }

    public DirectorCounters counters() {
        return counters;
    }

    public Nic nic() {
        return nic;
    }

    /** LVS-NAT's side of the director: its counters, and a private NIC for the real servers. */
    public Masquerading nat() {
        return nat;
    }

    /** Handles one received frame of {@code length} bytes; the frame buffer may be rewritten in place. */
    public void receive(byte[] frame, int length, long nowMillis) {
        counters.frames++;
        if (!eth.wrap(frame, 0, length).valid()) {
            counters.malformed++;
        } else if (eth.source() == nic.mac()) {
            counters.ownFrames++;
        } else if (!anyDestination && eth.destination() != nic.mac() && eth.destination() != MacAddress.BROADCAST) {
            counters.notForUs++;
        } else if (eth.etherType() == EthernetFrame.TYPE_IPV4) {
            receiveIpv4(frame, length, nowMillis);
        } else if (eth.etherType() == EthernetFrame.TYPE_ARP && !eth.hasVlanTag()) {
            receiveArp(frame, length, nowMillis);
        } else {
            counters.unsupported++;
        }
        tick(nowMillis);
    }

    /**
     * A frame whose handling threw: a bug, never an input the director expects. It is counted as
     * that frame's outcome and reported (the 1st, 2nd, 4th, 8th … time, with the stack) so one bad
     * frame cannot stop the capture loop, nor a stream of them flood the log.
     */
    public void receiveFailed(RuntimeException e) {
        counters.internalErrors++;
        if (Long.bitCount(counters.internalErrors) == 1) {
            LOG.error("dropped a frame whose handling failed ({} so far): a bug, please report it",
                    counters.internalErrors, e);
        }
    }

    /** A frame longer than the snapshot length (GRO left on?): counted and dropped, never forwarded cut. */
    public void receiveTruncated(long nowMillis) {
        counters.frames++;
        counters.truncated++;
        tick(nowMillis);
    }

    private void receiveArp(byte[] frame, int length, long nowMillis) {
        int off = eth.payloadOffset();
        if (!arp.wrap(frame, off, length - off).valid()) {
            counters.malformed++;
            return;
        }
        counters.arpSeen++;
        // Requests and replies alike tell us where their sender is.
        neighbours.learn(arp.senderIp(), arp.senderMac(), nowMillis);
        nat.learnPublic(arp.senderIp(), arp.senderMac());
        if (ownsVips && arp.operation() == ArpPacket.REQUEST && arp.senderIp() != arp.targetIp()
                && services.ownsAddress(arp.targetIp())) {
            int n = ArpWriter.reply(tx, 0, nic.mac(), arp.targetIp(), arp.senderMac(), arp.senderIp());
            transmit(n);
            counters.arpAnswered++;
        }
    }

    private void receiveIpv4(byte[] frame, int length, long nowMillis) {
        int off = eth.payloadOffset();
        if (!ip.wrap(frame, off, length - off).valid()) {
            counters.malformed++;
            return;
        }
        int vip = ip.destination();
        if (!services.ownsAddress(vip)) {
            if (!nat.reply(frame, length, off, nowMillis)) {
                counters.notVirtual++;
            }
            return;
        }
        if (rejected()) {
            return;
        }
        if (ip.isFragment()) {
            // Non-first fragments carry no ports; IPVS needs the kernel's defragmenter for them.
            counters.fragments++;
            return;
        }
        int protocol = ip.protocol();
        int l4 = ip.payloadOffset();
        int sport;
        int dport;
        int flags = 0;
        if (protocol == Ipv4Packet.PROTO_TCP && tcp.wrap(frame, l4, ip.payloadLength()).valid()) {
            if (tcp.headerLength() > ip.payloadLength()) {
                counters.validation.tcpOffsetBeyondPacket++;
                return;
            }
            sport = tcp.sourcePort();
            dport = tcp.destinationPort();
            flags = tcp.flags();
        } else if (protocol == Ipv4Packet.PROTO_UDP && udp.wrap(frame, l4, ip.payloadLength()).valid()) {
            if (udp.length() > ip.payloadLength() || udp.length() < UdpDatagram.HEADER_LENGTH) {
                counters.validation.udpBadLength++;
                return;
            }
            sport = udp.sourcePort();
            dport = udp.destinationPort();
        } else if (protocol == Ipv4Packet.PROTO_TCP || protocol == Ipv4Packet.PROTO_UDP) {
            counters.malformed++;
            return;
        } else if (protocol == Ipv4Packet.PROTO_ICMP && nat.icmpFromClient(frame, length, off, nowMillis)) {
            return;
        } else {
            counters.noService++;
            return;
        }
        VirtualService svc = services.find(protocol, vip, dport);
        if (svc == null) {
            counters.noService++;
            return;
        }
        RealServer rs = connections.dispatch(svc, ip.source(), sport, vip, dport, flags, ip.totalLength(), nowMillis);
        if (rs == null) {
            counters.noDestination++;
            return;
        }
        if (rs.nextHopMac() == RealServer.MAC_UNKNOWN) {
            counters.noNeighbour++;
            return;
        }
        switch (rs.method()) {
            case ROUTE -> route(frame, length, rs.nextHopMac(), nowMillis);
            case TUNNEL -> tunnel.transmit(frame, off, ip.totalLength(), ip.dontFragment(), eth.source(),
                    rs.address(), rs.nextHopMac(), nowMillis);
            case MASQ -> nat.toServer(frame, length, off, ip.totalLength(), eth.source(), rs, nowMillis);
        }
    }

    /**
     * The kernel's sanity checks on a packet to a VIP (ip_rcv, martian sources) that a userspace
     * director must do itself: true when the packet was counted in its rule's drop counter.
     */
    private boolean rejected() {
        DirectorCounters.Validation v = counters.validation;
        if (!ip.headerChecksumValid()) {
            v.badIpChecksum++;
        } else if (ip.ttl() == 0) {
            v.ttlZero++;
        } else if (isMartian(ip.source()) || services.ownsAddress(ip.source())) {
            v.martianSource++;
        } else {
            return false;
        }
        return true;
    }

    /** 0.0.0.0/8, 127/8, multicast 224/4 and 240/4 (255.255.255.255 included): never a client's source. */
    static boolean isMartian(int source) {
        int first = source >>> 24;
        return first == 0 || first == 127 || first >= 224;
    }

    /**
     * LVS-DR transmit, as ip_vs_dr_xmit: the frame with only its MACs rewritten. A frame never
     * leaves longer than MTU + its Ethernet header: a too-big packet with DF gets ICMP
     * "fragmentation needed" (next-hop MTU = our MTU) from the VIP and is dropped; one without DF
     * is sent in IP fragments that the real server reassembles (the kernel's ip_fragment).
     */
    private void route(byte[] frame, int length, long serverMac, long nowMillis) {
        int l2 = eth.headerLength();
        int ipLen = ip.totalLength();
        int mtu = nic.mtu();
        if (ipLen > mtu) {
            tooBigToRoute(frame, l2, ipLen, serverMac, nowMillis);
            return;
        }
        DirectRouting.rewrite(frame, 0, serverMac, nic.mac());
        // Ethernet padding goes out as received; bytes past the IP packet only when they still fit.
        int n = length <= l2 + mtu ? length : l2 + ipLen;
        int head = DirectRouting.REWRITTEN;
        if (out.sendSpliced(frame, head, frame, head, n - head)) {
            counters.forwardedRoute++;
        } else {
            counters.sendErrors++;
        }
    }

    private void tooBigToRoute(byte[] frame, int l2, int ipLen, long serverMac, long nowMillis) {
        DirectorCounters.Validation v = counters.validation;
        if (ip.dontFragment()) {
            if (icmpTooBig.admit(nowMillis)) {
                icmpIdentification = (icmpIdentification + 1) & 0xffff;
                icmpTooBig.send(frame, l2, ipLen, eth.source(), ip.destination(), nic.mtu(), icmpIdentification);
            }
            return;
        }
        if (ip.headerLength() != Ipv4Packet.MIN_HEADER_LENGTH) {
            // RFC 791's per-option copy rules are not implemented: rare enough to drop and count.
            v.tooBigWithOptions++;
            return;
        }
        DirectRouting.rewrite(frame, 0, serverMac, nic.mac());
        System.arraycopy(frame, 0, tx, 0, l2);
        int count = IpFragmenter.fragmentCount(frame, l2, nic.mtu());
        for (int i = 0; i < count; i++) {
            int len = IpFragmenter.writeFragment(frame, l2, nic.mtu(), i, tx, l2);
            if (out.send(tx, l2 + len)) {
                v.routeFragments++;
            } else {
                counters.sendErrors++;
            }
        }
        counters.forwardedRoute++;
    }

    /** Periodic work between frames: connection expiry and ARP for real servers. */
    public void tick(long nowMillis) {
        if (nowMillis < nextTick) {
            return;
        }
        nextTick = nowMillis + TICK_MILLIS;
        connections.expire(nowMillis);
        neighbours.tick(nowMillis, arpRequester);
        nat.tick(nowMillis);
    }

    /**
     * Re-reads the service table after an edit: which next hops to resolve and, in "own"
     * mode when the VIPs changed, announces every VIP with a gratuitous ARP so switches and
     * clients learn our MAC.
     */
    public void servicesChanged(long nowMillis, boolean vipsChanged) {
        neighbours.rebuild(services.services(), nic, nowMillis, nat::resolvedOnPublicSide);
        nat.servicesChanged(services, nowMillis);
        nextTick = Long.MIN_VALUE;
        if (ownsVips && vipsChanged) {
            for (int vip : services.addresses()) {
                transmit(ArpWriter.gratuitous(tx, 0, nic.mac(), vip));
            }
        }
        tick(nowMillis);
    }

    /** Seeds a real server's MAC, as if it had answered ARP (offline replay's --neigh). */
    public void seedNeighbour(int ip, long mac) {
        neighbours.seed(ip, mac);
    }

    /** Next hops whose MAC is still unknown. */
    public int unresolvedNeighbours() {
        return neighbours.unresolved();
    }

    private void sendArpRequest(int target) {
        transmit(ArpWriter.request(tx, 0, nic.mac(), nic.address(), target));
    }

    private void transmit(int length) {
        if (out.send(tx, length)) {
            counters.arpSent++;
        } else {
            counters.sendErrors++;
        }
    }
}
