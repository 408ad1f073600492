package io.lvs4j.forwarder;

import static io.lvs4j.forwarder.NatFrames.checksumsValid;
import static io.lvs4j.forwarder.NatFrames.destinationPort;
import static io.lvs4j.forwarder.NatFrames.dstMac;
import static io.lvs4j.forwarder.NatFrames.ipDestination;
import static io.lvs4j.forwarder.NatFrames.ipSource;
import static io.lvs4j.forwarder.NatFrames.sourcePort;
import static io.lvs4j.forwarder.NatFrames.srcMac;
import static io.lvs4j.forwarder.NatFrames.ttl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.packet.ArpPacket;
import io.lvs4j.packet.ArpWriter;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.TcpState;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LVS-NAT through the director on crafted frames: a public and a private NIC, both directions. */
class MasqueradingTest {
    static final long PUBLIC_MAC = MacAddress.parse("02:00:00:00:01:01");
    static final long PRIVATE_MAC = MacAddress.parse("02:00:00:00:02:01");
    static final long CLIENT_MAC = MacAddress.parse("02:00:00:00:01:07");
    static final long GATEWAY_MAC = MacAddress.parse("02:00:00:00:01:fe");
    static final long RS_MAC = MacAddress.parse("02:00:00:00:02:11");
    static final int PUBLIC_IP = Ipv4Address.parse("203.0.113.1");
    static final int GATEWAY = Ipv4Address.parse("203.0.113.254");
    static final int CLIENT = Ipv4Address.parse("203.0.113.7");
    static final int FAR_CLIENT = Ipv4Address.parse("198.18.0.9");
    static final int VIP = Ipv4Address.parse("203.0.113.100");
    static final int PRIVATE_IP = Ipv4Address.parse("10.0.1.1");
    static final int RIP = Ipv4Address.parse("10.0.1.11");
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    final List<byte[]> publicSent = new ArrayList<>();
    final List<byte[]> privateSent = new ArrayList<>();
    ServiceTable services;
    Director director;
    RealServer web;
    RealServer dns;

    @BeforeEach
    void setUp() {
        services = new ServiceTable();
        VirtualService http = new VirtualService(Protocol.TCP, VIP, 80, Schedulers.create("wrr", SchedulerFlags.NONE), 0, -1);
        VirtualService udp = new VirtualService(Protocol.UDP, VIP, 53, Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(http);
        services.add(udp);
        web = http.addServer(RIP, 8080, ForwardingMethod.MASQ, 1, 0, 0);
        dns = udp.addServer(RIP, 5300, ForwardingMethod.MASQ, 1, 0, 0);
        director = new Director(new Nic("eth0", PUBLIC_MAC, PUBLIC_IP, 24, 1500, GATEWAY),
                (f, n) -> publicSent.add(Arrays.copyOf(f, n)), services,
                new ConnectionTable(1024, new Timeouts()), true, false, PUBLIC_IP);
        director.nat().privateSide(new Nic("eth1", PRIVATE_MAC, PRIVATE_IP, 24, 1500, 0),
                (f, n) -> privateSent.add(Arrays.copyOf(f, n)));
        director.servicesChanged(0, true);
        byte[] buf = new byte[64];
        director.nat().receivePrivate(buf, ArpWriter.reply(buf, 0, RS_MAC, RIP, PRIVATE_MAC, PRIVATE_IP), 0);
        publicSent.clear();
        privateSent.clear();
    }

    private void fromClient(byte[] f, long now) {
        director.receive(f, f.length, now);
    }

    private void fromServer(byte[] f, long now) {
        director.nat().receivePrivate(f, f.length, now);
    }

    private String state() {
        List<String> states = new ArrayList<>();
        director.connections().forEach((p, ca, cp, va, vp, rs, st, rem, tmpl) -> states.add(TcpState.listName(p, st)));
        return String.join(",", states);
    }

    @Test
    void theServersArpGoesOutOnThePrivateNicOnly() {
        Director d = new Director(new Nic("eth0", PUBLIC_MAC, PUBLIC_IP, 24, 1500, GATEWAY),
                (f, n) -> publicSent.add(Arrays.copyOf(f, n)), services,
                new ConnectionTable(16, new Timeouts()), true, false, PUBLIC_IP);
        d.nat().privateSide(new Nic("eth1", PRIVATE_MAC, PRIVATE_IP, 24, 1500, 0),
                (f, n) -> privateSent.add(Arrays.copyOf(f, n)));
        d.servicesChanged(0, true);
        ArpPacket arp = new ArpPacket();
        assertEquals(1, privateSent.size(), "one who-has for the one RIP");
        arp.wrap(privateSent.get(0), 14, 28);
        assertEquals(RIP, arp.targetIp());
        assertEquals(PRIVATE_IP, arp.senderIp());
        for (byte[] f : publicSent) {
            assertEquals(VIP, arp.wrap(f, 14, 28).targetIp(), "only the VIP's gratuitous ARP on the public side");
        }
    }

    @Test
    void aTcpFlowBothWaysWithPortMapping() {
        fromClient(NatFrames.tcp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 80, SYN, 64), 1000);
        assertEquals(1, privateSent.size());
        byte[] in = privateSent.get(0);
        assertEquals(RS_MAC, dstMac(in));
        assertEquals(PRIVATE_MAC, srcMac(in));
        assertEquals(CLIENT, ipSource(in));
        assertEquals(RIP, ipDestination(in));
        assertEquals(40000, sourcePort(in));
        assertEquals(8080, destinationPort(in));
        assertEquals(64, ttl(in), "delivered locally by IPVS's LOCAL_IN hook: no TTL decrement");
        assertTrue(checksumsValid(in));
        assertEquals("SYN_RECV", state());

        fromServer(NatFrames.tcp(PRIVATE_MAC, RS_MAC, RIP, 8080, CLIENT, 40000, SYN | ACK, 64), 1001);
        assertEquals(1, publicSent.size());
        byte[] out = publicSent.get(0);
        assertEquals(CLIENT_MAC, dstMac(out), "the on-link client's MAC, learnt from its SYN");
        assertEquals(PUBLIC_MAC, srcMac(out));
        assertEquals(VIP, ipSource(out));
        assertEquals(CLIENT, ipDestination(out));
        assertEquals(80, sourcePort(out));
        assertEquals(40000, destinationPort(out));
        assertEquals(63, ttl(out), "a forwarded reply");
        assertTrue(checksumsValid(out));
        assertEquals("SYN_RECV", state());

        fromClient(NatFrames.tcp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 80, ACK, 64), 1002);
        assertEquals("ESTABLISHED", state());
        fromServer(NatFrames.tcp(PRIVATE_MAC, RS_MAC, RIP, 8080, CLIENT, 40000, 0x01 | ACK, 64), 1003);
        assertEquals("FIN_WAIT", state(), "OUTPUT: ESTABLISHED --fin--> FIN_WAIT");
        assertEquals(2, web.stats().inPackets);
        assertEquals(2, web.stats().outPackets);
        assertEquals(2 * (20 + 20 + 7), web.stats().outBytes, "IP lengths");
        assertEquals(2, director.nat().counters().toServer);
        assertEquals(2, director.nat().counters().toClient);
        assertEquals("  nat: to servers 2, to clients 2, private frames 3\n", director.nat().counters().summaryLine(),
                "the summary line at exit (the setup's ARP reply is a private frame too)");
    }

    @Test
    void anOffLinkClientIsReachedThroughTheGatewayOnceItAnswersArp() {
        fromClient(NatFrames.tcp(PUBLIC_MAC, GATEWAY_MAC, FAR_CLIENT, 41000, VIP, 80, SYN, 60), 1000);
        byte[] reply = NatFrames.tcp(PRIVATE_MAC, RS_MAC, RIP, 8080, FAR_CLIENT, 41000, SYN | ACK, 64);
        fromServer(reply.clone(), 1001);
        assertEquals(1, publicSent.size(), "a who-has for the gateway, the reply dropped");
        ArpPacket arp = new ArpPacket().wrap(publicSent.get(0), 14, 28);
        assertEquals(GATEWAY, arp.targetIp());
        assertEquals(1, director.nat().counters().noClientNeighbour);
        fromServer(reply.clone(), 1002);
        assertEquals(1, publicSent.size(), "no second who-has within a second");
        byte[] buf = new byte[64];
        director.receive(buf, ArpWriter.reply(buf, 0, GATEWAY_MAC, GATEWAY, PUBLIC_MAC, PUBLIC_IP), 1003);
        fromServer(reply.clone(), 1004);
        assertEquals(2, publicSent.size());
        assertEquals(GATEWAY_MAC, dstMac(publicSent.get(1)));
        assertEquals(VIP, ipSource(publicSent.get(1)));
        assertTrue(checksumsValid(publicSent.get(1)));
    }

    @Test
    void aPacketFromAServerOfNoConnectionIsDroppedAndCounted() {
        fromServer(NatFrames.tcp(PRIVATE_MAC, RS_MAC, RIP, 8080, CLIENT, 40000, SYN | ACK, 64), 1000);
        fromServer(NatFrames.tcp(PRIVATE_MAC, RS_MAC, RIP, 22, CLIENT, 40000, ACK, 64), 1000);
        assertEquals(0, publicSent.size());
        assertEquals(2, director.nat().counters().noConnection);
        assertEquals(0, web.stats().outPackets);
    }

    @Test
    void aPortUnreachableFromTheServerReachesTheClientTranslated() {
        byte[] query = NatFrames.udp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 5353, VIP, 53, 64);
        fromClient(query, 1000);
        byte[] delivered = privateSent.get(0);
        assertEquals(5300, destinationPort(delivered));
        byte[] unreachable = NatFrames.icmpError(PRIVATE_MAC, RS_MAC, RIP, CLIENT, 3, 3, delivered);
        fromServer(unreachable, 1001);
        assertEquals(1, publicSent.size());
        byte[] icmp = publicSent.get(0);
        assertEquals(VIP, ipSource(icmp));
        assertTrue(checksumsValid(icmp));
        // the quote now reads client:5353 → VIP:53 with a valid header, as the client sent it
        byte[] quote = Arrays.copyOfRange(icmp, 42 - 14, icmp.length);
        assertEquals(CLIENT, ipSource(quote));
        assertEquals(VIP, ipDestination(quote));
        assertEquals(53, destinationPort(quote));
        assertTrue(new io.lvs4j.packet.Ipv4Packet().wrap(quote, 14, quote.length - 14).headerChecksumValid());
        assertEquals(1, director.nat().counters().icmpTranslated);
    }

    @Test
    void fragmentationNeededFromTheClientSideReachesTheServerTranslated() {
        fromClient(NatFrames.tcp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 80, SYN, 64), 1000);
        fromServer(NatFrames.tcp(PRIVATE_MAC, RS_MAC, RIP, 8080, CLIENT, 40000, SYN | ACK, 64), 1001);
        byte[] reply = publicSent.get(0);
        privateSent.clear();
        fromClient(NatFrames.icmpError(PUBLIC_MAC, CLIENT_MAC, CLIENT, VIP, 3, 4, reply), 1002);
        assertEquals(1, privateSent.size());
        byte[] icmp = privateSent.get(0);
        assertEquals(RS_MAC, dstMac(icmp));
        assertEquals(CLIENT, ipSource(icmp));
        assertEquals(RIP, ipDestination(icmp));
        assertTrue(checksumsValid(icmp));
        byte[] quote = Arrays.copyOfRange(icmp, 42 - 14, icmp.length);
        assertEquals(RIP, ipSource(quote), "the quote reads RIP:8080 → client, as the server sent it");
        assertEquals(8080, sourcePort(quote));
        assertEquals(CLIENT, ipDestination(quote));
        assertEquals(1, director.nat().counters().icmpTranslated);

        // about a flow we do not know: not ours, counted as before (no service for ICMP)
        byte[] stranger = NatFrames.tcp(CLIENT_MAC, PUBLIC_MAC, VIP, 80, CLIENT, 49999, ACK, 63);
        fromClient(NatFrames.icmpError(PUBLIC_MAC, CLIENT_MAC, CLIENT, VIP, 3, 4, stranger), 1003);
        assertEquals(1, privateSent.size());
        assertEquals(1, director.counters().noService);
    }

    @Test
    void aDfPacketTooBigForThePrivateNicDrawsFragmentationNeeded() {
        Director d = new Director(new Nic("eth0", PUBLIC_MAC, PUBLIC_IP, 24, 1500, GATEWAY),
                (f, n) -> publicSent.add(Arrays.copyOf(f, n)), services,
                new ConnectionTable(16, new Timeouts()), true, false, PUBLIC_IP);
        d.nat().privateSide(new Nic("eth1", PRIVATE_MAC, PRIVATE_IP, 24, 1400, 0),
                (f, n) -> privateSent.add(Arrays.copyOf(f, n)));
        d.servicesChanged(0, true);
        byte[] buf = new byte[64];
        d.nat().receivePrivate(buf, ArpWriter.reply(buf, 0, RS_MAC, RIP, PRIVATE_MAC, PRIVATE_IP), 0);
        publicSent.clear();
        privateSent.clear();
        byte[] syn = NatFrames.tcp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 80, SYN, 64);
        d.receive(syn, syn.length, 10);
        byte[] big = NatFrames.tcpWithData(PUBLIC_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 80, ACK, 1440); // IP 1480 > 1400
        d.receive(big, big.length, 11);
        assertEquals(1, privateSent.size(), "only the SYN reached the server");
        assertEquals(1, publicSent.size());
        byte[] icmp = publicSent.get(0);
        assertEquals(CLIENT_MAC, dstMac(icmp));
        assertEquals(VIP, ipSource(icmp));
        assertEquals(CLIENT, ipDestination(icmp));
        assertEquals(3, icmp[34]);
        assertEquals(4, icmp[35]);
        assertEquals(1400, ((icmp[40] & 0xff) << 8) | (icmp[41] & 0xff), "next-hop MTU: the private NIC's");
        assertTrue(checksumsValid(icmp));
        assertEquals(1, d.nat().counters().tooBig);
    }

    @Test
    void oneNicModeTakesRepliesOnTheSameNic() {
        Director d = new Director(new Nic("eth0", PUBLIC_MAC, PUBLIC_IP, 16, 1500, 0),
                (f, n) -> publicSent.add(Arrays.copyOf(f, n)), services,
                new ConnectionTable(16, new Timeouts()), true, false, PUBLIC_IP);
        d.servicesChanged(0, true);
        byte[] buf = new byte[64];
        d.receive(buf, ArpWriter.reply(buf, 0, RS_MAC, RIP, PUBLIC_MAC, PUBLIC_IP), 0);
        publicSent.clear();
        byte[] syn = NatFrames.tcp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 80, SYN, 64);
        d.receive(syn, syn.length, 10);
        byte[] reply = NatFrames.tcp(PUBLIC_MAC, RS_MAC, RIP, 8080, CLIENT, 40000, SYN | ACK, 64);
        d.receive(reply, reply.length, 11);
        assertEquals(2, publicSent.size());
        assertEquals(RIP, ipDestination(publicSent.get(0)));
        assertEquals(VIP, ipSource(publicSent.get(1)));
        assertEquals(CLIENT_MAC, dstMac(publicSent.get(1)));
        assertEquals(0, d.counters().notVirtual);
    }

    @Test
    void aKnownFlowAllocatesNothingEitherWay() {
        byte[] syn = NatFrames.tcp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 44000, VIP, 80, SYN, 64);
        fromClient(syn, 1000);
        byte[] ack = NatFrames.tcp(PUBLIC_MAC, CLIENT_MAC, CLIENT, 44000, VIP, 80, ACK, 64);
        byte[] reply = NatFrames.tcp(PRIVATE_MAC, RS_MAC, RIP, 8080, CLIENT, 44000, ACK, 64);
        Director d = new Director(new Nic("eth0", PUBLIC_MAC, PUBLIC_IP, 24, 1500, GATEWAY), (f, n) -> true,
                services, director.connections(), true, false, PUBLIC_IP);
        d.nat().privateSide(new Nic("eth1", PRIVATE_MAC, PRIVATE_IP, 24, 1500, 0), (f, n) -> true);
        d.servicesChanged(1000, false);
        byte[] buf = new byte[64];
        d.nat().receivePrivate(buf, ArpWriter.reply(buf, 0, RS_MAC, RIP, PRIVATE_MAC, PRIVATE_IP), 1000);
        d.receive(syn.clone(), syn.length, 1000); // learns the client's MAC
        byte[] frame = new byte[ack.length];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = 0;
        for (int i = 0; i < 120_000; i++) {
            if (i == 20_000) { // after the JIT warmed up
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            System.arraycopy(ack, 0, frame, 0, ack.length);
            d.receive(frame, frame.length, 1000 + i / 100);
            System.arraycopy(reply, 0, frame, 0, reply.length);
            d.nat().receivePrivate(frame, frame.length, 1000 + i / 100);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(120_000, d.nat().counters().toClient, "all replies forwarded");
        assertTrue(allocated < 10_000, "bytes allocated for 100 000 packets each way: " + allocated);
    }
}
