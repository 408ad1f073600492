package io.lvs4j.forwarder;

import io.lvs4j.packet.ArpPacket;
import io.lvs4j.packet.ArpWriter;
import io.lvs4j.packet.DirectRouting;
import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.IcmpMessage;
import io.lvs4j.packet.Ipv4Packet;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.packet.NatRewrite;
import io.lvs4j.packet.TcpSegment;
import io.lvs4j.packet.TransportPorts;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.List;
import java.util.function.Consumer;

/**
 * LVS-NAT (ipvsadm -m) on the director: a client's packet to VIP:vport goes to RIP:rport
 * (ip_vs_nat_xmit), and the server's reply, which comes back through us because we are its
 * gateway, leaves from VIP:vport to the client's next hop (ip_vs_out), with ICMP errors about
 * the flow translated too (ip_vs_out_icmp). Both NICs may be one (a one-armed director).
 *
 * <p>A reply is recognised by its source: a NAT server's RIP:rport, of a connection in the table
 * bound to that server (looked up by the client's address and port and the server's VIP:vport).
 * Confined to the capture thread; nothing here allocates per packet.
 */
public final class Masquerading {
    private static final int[] NONE = new int[0];

    private final Nic publicNic;
    private final FrameSink publicOut;
    private final ConnectionTable connections;
    private final NatCounters counters = new NatCounters();
    private final ClientNeighbours clients = new ClientNeighbours();
    private final IcmpTooBig icmpTooBig;
    private int icmpIdentification;
    private Nic privateNic;
    private FrameSink privateOut;
    /** The NAT servers' MACs when they sit behind a NIC of their own; null when one NIC serves all. */
    private NeighbourTable privateNeighbours;
    private final NeighbourTable.Resolver privateArp = this::requestOnPrivateSide;
    private Consumer<List<String>> guard;
    private List<String> guardRules = List.of();

    private final NatServers servers = new NatServers();

    private final EthernetFrame eth = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Ipv4Packet quoted = new Ipv4Packet();
    private final TcpSegment tcp = new TcpSegment();
    private final IcmpMessage icmp = new IcmpMessage();
    private final byte[] tx = new byte[ArpWriter.FRAME_LENGTH];

    Masquerading(Nic publicNic, FrameSink publicOut, ConnectionTable connections, IcmpTooBig icmpTooBig) {
        this.icmpTooBig = icmpTooBig;
        this.publicNic = publicNic;
        this.publicOut = publicOut;
        this.connections = connections;
        this.privateNic = publicNic;
        this.privateOut = publicOut;
    }

    /** Two-NIC mode: the real servers are behind {@code nic}; their replies are fed to {@link #receivePrivate}. */
    public void privateSide(Nic nic, FrameSink out) {
        this.privateNic = nic;
        this.privateOut = out;
        this.privateNeighbours = new NeighbourTable();
    }

    /** Receives the nftables rule set that keeps the director's kernel off NAT'ed flows, whenever it changes. */
    public void guard(Consumer<List<String>> guard) {
        this.guard = guard;
        guardRules = null;
    }

    public NatCounters counters() {
        return counters;
    }

    public Nic privateNic() {
        return privateNic;
    }

    /** True when the public side's ARP resolves {@code rs} (everything but NAT servers behind a NIC of their own). */
    boolean resolvedOnPublicSide(RealServer rs) {
        return privateNeighbours == null || rs.method() != ForwardingMethod.MASQ;
    }

    /** The NAT servers' addresses whose replies the public NIC must capture (one-NIC mode), else none. */
    int[] publicReplySources() {
        return privateNeighbours == null ? servers.addresses() : NONE;
    }

    /** The NAT servers' addresses (the private NIC's capture filter). */
    int[] serverAddresses() {
        return servers.addresses();
    }

    // ---- client → server ----

    /**
     * Sends a client's packet (IP header at {@code ipOff}, already dispatched to the NAT server
     * {@code rs}) to RIP:rport; rport 0 keeps the VIP's port (persistent port-0 services).
     */
    void toServer(byte[] frame, int length, int ipOff, int ipLength, long clientMac, RealServer rs, long nowMillis) {
        int client = ip.wrap(frame, ipOff, ipLength).source();
        if (publicNic.onLink(client)) {
            clients.learn(client, clientMac);
        }
        if (ipLength > privateNic.mtu()) {
            // a smaller private MTU: with DF the client learns it (as a router would), else dropped
            counters.tooBig++;
            if (ip.dontFragment() && icmpTooBig.admit(nowMillis)) {
                icmpIdentification = (icmpIdentification + 1) & 0xffff;
                icmpTooBig.send(frame, ipOff, ipLength, clientMac, ip.destination(), privateNic.mtu(), icmpIdentification);
            }
            return;
        }
        int l4 = ipOff + ((frame[ipOff] & 0x0f) << 2);
        int port = rs.port() != 0 ? rs.port() : TransportPorts.destinationPort(frame, l4);
        NatRewrite.destination(frame, ipOff, rs.address(), port);
        DirectRouting.rewrite(frame, 0, rs.nextHopMac(), privateNic.mac());
        if (privateOut.send(frame, length)) {
            counters.toServer++;
        } else {
            counters.sendErrors++;
        }
    }

    /**
     * An ICMP packet to a VIP (IP header at {@code ipOff}, valid): when it is an error about a
     * reply of a NAT connection (quoting VIP:vport → client:cport), it goes to that connection's
     * server with the VIP made RIP:rport again (ip_vs_in_icmp), and true is returned.
     */
    boolean icmpFromClient(byte[] frame, int length, int ipOff, long nowMillis) {
        ip.wrap(frame, ipOff, length - ipOff);
        int icmpLength = ip.payloadLength();
        if (servers.size() == 0 || !icmp.wrap(frame, ip.payloadOffset(), icmpLength).valid() || !isError(icmp.type())) {
            return false;
        }
        int quote = icmp.quoteOffset();
        int quoteEnd = ip.payloadOffset() + icmpLength;
        int quoteHeader = quoteHeader(frame, quote, quoteEnd);
        if (quoteHeader < 0) {
            return false;
        }
        quoted.wrap(frame, quote, quoteEnd - quote);
        int vip = quoted.source();
        int client = quoted.destination();
        int vport = TransportPorts.sourcePort(frame, quote + quoteHeader);
        int cport = TransportPorts.destinationPort(frame, quote + quoteHeader);
        for (int i = 0; i < servers.size(); i++) {
            RealServer rs = servers.get(i);
            VirtualService svc = rs.service();
            if (svc.address() == vip && svc.protocol().number() == quoted.protocol()
                    && (svc.port() == vport || svc.port() == 0) && connections.bound(rs, client, cport, vport)) {
                if (ip.totalLength() > privateNic.mtu() || rs.nextHopMac() == RealServer.MAC_UNKNOWN) {
                    counters.tooBig += ip.totalLength() > privateNic.mtu() ? 1 : 0;
                    return true;
                }
                NatRewrite.icmpErrorToServer(frame, ipOff, icmpLength, rs.address(), rs.port() != 0 ? rs.port() : vport);
                DirectRouting.rewrite(frame, 0, rs.nextHopMac(), privateNic.mac());
                if (privateOut.send(frame, length)) {
                    counters.icmpTranslated++;
                } else {
                    counters.sendErrors++;
                }
                return true;
            }
        }
        return false;
    }

    private static boolean isError(int type) {
        return type == IcmpMessage.TYPE_DESTINATION_UNREACHABLE || type == IcmpMessage.TYPE_TIME_EXCEEDED || type == 12;
    }

    /** The quoted IPv4 header's length when it quotes a TCP/UDP packet with its ports, else -1. */
    private static int quoteHeader(byte[] frame, int quote, int quoteEnd) {
        if (quoteEnd - quote < Ipv4Packet.MIN_HEADER_LENGTH || (frame[quote] & 0xf0) != 0x40) {
            return -1;
        }
        int header = (frame[quote] & 0x0f) << 2;
        if (header < Ipv4Packet.MIN_HEADER_LENGTH || quoteEnd - quote < header + 4
                || !TransportPorts.hasPorts(frame[quote + 9] & 0xff)) {
            return -1;
        }
        return header;
    }

    // ---- server → client ----

    /** A frame captured on the private NIC (two-NIC mode): ARP from the servers, and their replies. */
    public void receivePrivate(byte[] frame, int length, long nowMillis) {
        counters.privateFrames++;
        if (!eth.wrap(frame, 0, length).valid() || eth.source() == privateNic.mac()
                || eth.destination() != privateNic.mac() && eth.destination() != MacAddress.BROADCAST) {
            return;
        }
        int off = eth.payloadOffset();
        if (eth.etherType() == EthernetFrame.TYPE_ARP && !eth.hasVlanTag()) {
            if (arp.wrap(frame, off, length - off).valid()) {
                privateNeighbours.learn(arp.senderIp(), arp.senderMac(), nowMillis);
            }
        } else if (eth.etherType() == EthernetFrame.TYPE_IPV4 && ip.wrap(frame, off, length - off).valid()) {
            reply(frame, length, off, nowMillis);
        }
    }

    /** ARP seen on the public side: a client or the gateway announces itself. */
    void learnPublic(int ip, long mac) {
        clients.learn(ip, mac);
    }

    /**
     * A valid IPv4 packet at {@code ipOff} that is not to a VIP: when it comes from a NAT server,
     * translates and sends it (or counts why not) and returns true; else false (not ours).
     */
    boolean reply(byte[] frame, int length, int ipOff, long nowMillis) {
        ip.wrap(frame, ipOff, length - ipOff);
        if (!servers.isServerAddress(ip.source())) {
            return false;
        }
        if (!ip.headerChecksumValid()) {
            counters.malformed++;
        } else if (ip.isFragment()) {
            counters.fragments++;
        } else if (TransportPorts.hasPorts(ip.protocol())) {
            replyFlow(frame, length, ipOff, nowMillis);
        } else if (ip.protocol() == Ipv4Packet.PROTO_ICMP) {
            replyIcmp(frame, length, ipOff, nowMillis);
        } else {
            counters.unsupported++;
        }
        return true;
    }

    private void replyFlow(byte[] frame, int length, int ipOff, long nowMillis) {
        int l4 = ip.payloadOffset();
        int protocol = ip.protocol();
        int minimum = protocol == Ipv4Packet.PROTO_TCP ? TcpSegment.MIN_HEADER_LENGTH : 8;
        if (ip.payloadLength() < minimum) {
            counters.malformed++;
            return;
        }
        int flags = protocol == Ipv4Packet.PROTO_TCP ? tcp.wrap(frame, l4, ip.payloadLength()).flags() : 0;
        int sport = TransportPorts.sourcePort(frame, l4);
        int client = ip.destination();
        int cport = TransportPorts.destinationPort(frame, l4);
        int total = ip.totalLength();
        for (int i = 0; i < servers.size(); i++) {
            RealServer rs = servers.get(i);
            if (NatServers.matches(rs, protocol, ip.source(), sport)) {
                int vport = NatServers.virtualPort(rs, sport);
                if (connections.reply(rs, client, cport, vport, flags, total, nowMillis)) {
                    if (ttlExpired(frame, ipOff)) {
                        return;
                    }
                    NatRewrite.source(frame, ipOff, rs.service().address(), vport);
                    NatRewrite.decrementTtl(frame, ipOff);
                    if (toClient(frame, length, ipOff, total, client, nowMillis)) {
                        counters.toClient++;
                    }
                    return;
                }
            }
        }
        counters.noConnection++;
    }

    /** An ICMP error from a server quoting the client's packet (client:cport → RIP:rport). */
    private void replyIcmp(byte[] frame, int length, int ipOff, long nowMillis) {
        int icmpLength = ip.payloadLength();
        if (!icmp.wrap(frame, ip.payloadOffset(), icmpLength).valid()) {
            counters.malformed++;
            return;
        }
        if (!isError(icmp.type())) {
            counters.unsupported++; // echo replies and the like are the server's own business
            return;
        }
        int quote = icmp.quoteOffset();
        int quoteEnd = ip.payloadOffset() + icmpLength;
        int quoteHeader = quoteHeader(frame, quote, quoteEnd);
        if (quoteHeader < 0) {
            counters.malformed++;
            return;
        }
        int protocol = frame[quote + 9] & 0xff;
        quoted.wrap(frame, quote, quoteEnd - quote); // cut by the quote: read its fields, never valid()
        int client = quoted.source();
        int server = quoted.destination();
        int cport = TransportPorts.sourcePort(frame, quote + quoteHeader);
        int rport = TransportPorts.destinationPort(frame, quote + quoteHeader);
        for (int i = 0; i < servers.size(); i++) {
            RealServer rs = servers.get(i);
            if (NatServers.matches(rs, protocol, server, rport)) {
                int vport = NatServers.virtualPort(rs, rport);
                if (connections.bound(rs, client, cport, vport)) {
                    if (ttlExpired(frame, ipOff)) {
                        return;
                    }
                    NatRewrite.icmpErrorFromServer(frame, ipOff, icmpLength, rs.service().address(), vport);
                    NatRewrite.decrementTtl(frame, ipOff);
                    if (toClient(frame, length, ipOff, ip.totalLength(), ip.destination(), nowMillis)) {
                        counters.icmpTranslated++;
                    }
                    return;
                }
            }
        }
        counters.noConnection++;
    }

    private boolean ttlExpired(byte[] frame, int ipOff) {
        if ((frame[ipOff + 8] & 0xff) <= 1) {
            counters.ttlExpired++;
            return true;
        }
        return false;
    }

    /** Sends the translated packet to the client's next hop on the public side; false when it could not. */
    private boolean toClient(byte[] frame, int length, int ipOff, int ipLength, int client, long nowMillis) {
        int hop = publicNic.onLink(client) ? client : publicNic.gateway();
        if (hop == 0) {
            counters.noRoute++;
            return false;
        }
        long mac = clients.mac(hop);
        if (mac == RealServer.MAC_UNKNOWN) {
            if (clients.requestDue(hop, nowMillis)) {
                int n = ArpWriter.request(tx, 0, publicNic.mac(), publicNic.address(), hop);
                if (!publicOut.send(tx, n)) {
                    counters.sendErrors++;
                }
            }
            counters.noClientNeighbour++;
            return false;
        }
        if (ipLength > publicNic.mtu()) {
            counters.tooBig++;
            return false;
        }
        DirectRouting.rewrite(frame, 0, mac, publicNic.mac());
        if (!publicOut.send(frame, length)) {
            counters.sendErrors++;
            return false;
        }
        return true;
    }

    // ---- control path ----

    /** Re-reads the NAT servers after a table edit; resolves them on the private side and updates the guard. */
    void servicesChanged(ServiceTable services, long nowMillis) {
        servers.rebuild(services);
        if (privateNeighbours != null) {
            privateNeighbours.rebuild(services.services(), privateNic, nowMillis, rs -> rs.method() == ForwardingMethod.MASQ);
        }
        if (guard != null) {
            List<String> rules = NatSide.guardRules(services);
            if (!rules.equals(guardRules)) {
                guardRules = rules;
                guard.accept(rules);
            }
        }
    }

    /** Periodic work: ARP for the NAT servers on the private side. */
    void tick(long nowMillis) {
        if (privateNeighbours != null) {
            privateNeighbours.tick(nowMillis, privateArp);
        }
    }

    private void requestOnPrivateSide(int target) {
        int n = ArpWriter.request(tx, 0, privateNic.mac(), privateNic.address(), target);
        if (!privateOut.send(tx, n)) {
            counters.sendErrors++;
        }
    }
}
