package io.lvs4j.bench;

import io.lvs4j.forwarder.Director;
import io.lvs4j.forwarder.DirectorCounters;
import io.lvs4j.forwarder.FrameSink;
import io.lvs4j.forwarder.Nic;
import io.lvs4j.packet.Checksum;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Director.receive() on one frame, end to end (parse, checks, service lookup, connection table,
 * rewrite, send), behind a sink that keeps nothing: run with {@code -prof gc}, its
 * gc.alloc.rate.norm is what the datapath allocates per packet. Every op also copies the frame
 * into the receive buffer (DR rewrites the MACs in place, and a frame from our own MAC would be
 * dropped as our own), a few ns that a NIC's ring would cost too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DirectorBench {
    static final long OUR_MAC = MacAddress.parse("02:00:00:00:00:10");
    static final long ROUTER_MAC = MacAddress.parse("02:00:00:00:00:01");
    static final long RS1_MAC = MacAddress.parse("02:00:00:00:00:11");
    static final long RS2_MAC = MacAddress.parse("02:00:00:00:00:12");
    static final int OUR_IP = Ipv4Address.parse("10.0.0.10");
    static final int RS1 = Ipv4Address.parse("10.0.0.11");
    static final int RS2 = Ipv4Address.parse("10.0.0.12");
    static final int VIP = Ipv4Address.parse("10.0.0.100");
    static final int CLIENT = Ipv4Address.parse("192.0.2.1");
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    /** Counts what the director sends and keeps none of it. */
    static final class NullSink implements FrameSink {
        long frames;

        @Override
        public boolean send(byte[] frame, int length) {
            frames++;
            return true;
        }
    }

    /**
     * A director for VIP:80/TCP, rr over {@code servers} real servers of {@code method} whose MACs
     * are known (as after ARP), and a 2^20-entry table.
     */
    static Director director(ForwardingMethod method, int servers, FrameSink sink) {
        ServiceTable services = new ServiceTable();
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80, Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(svc);
        int[] addresses = {RS1, RS2};
        long[] macs = {RS1_MAC, RS2_MAC};
        for (int i = 0; i < servers; i++) {
            svc.addServer(addresses[i], 80, method, 1, 0, 0);
        }
        Director d = new Director(new Nic("eth0", OUR_MAC, OUR_IP, 24, 1500, 0), sink, services,
                new ConnectionTable(ConnectionTable.DEFAULT_CAPACITY, new Timeouts()), true, false, OUR_IP);
        d.servicesChanged(0, true);
        for (int i = 0; i < servers; i++) {
            d.seedNeighbour(addresses[i], macs[i]);
        }
        return d;
    }

    /**
     * A client's segment to VIP:80 through the router as Linux sends it: DF, TTL 64, IP and TCP
     * checksums correct. A SYN carries MSS, SACK-permitted, timestamps and window scale (74-byte
     * frame); an ACK the timestamps only (66 bytes).
     */
    static byte[] frame(int client, int clientPort, int flags, int identification) {
        boolean syn = (flags & SYN) != 0;
        int tcpLength = syn ? 40 : 32;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + tcpLength);
        b.putShort((short) (OUR_MAC >>> 32)).putInt((int) OUR_MAC);
        b.putShort((short) (ROUTER_MAC >>> 32)).putInt((int) ROUTER_MAC);
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLength)).putShort((short) identification)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).putInt(client).putInt(VIP);
        b.putShort((short) clientPort).putShort((short) 80).putInt(0x3b9aca00 + clientPort).putInt(syn ? 0 : 0x12345678)
                .put((byte) ((tcpLength / 4) << 4)).put((byte) flags).putShort((short) (syn ? 64240 : 502))
                .putShort((short) 0).putShort((short) 0);
        if (syn) {
            b.put(new byte[] {2, 4, 0x05, (byte) 0xb4, 4, 2});
        } else {
            b.put(new byte[] {1, 1});
        }
        b.put((byte) 8).put((byte) 10).putInt(0x00c0ffee).putInt(syn ? 0 : 0x00beef00);
        if (syn) {
            b.put(new byte[] {1, 3, 3, 7});
        }
        byte[] f = b.array();
        int ipSum = Checksum.compute(f, 14, 20);
        f[24] = (byte) (ipSum >> 8);
        f[25] = (byte) ipSum;
        int pseudo = Checksum.sum(f, 26, 8, 6 + tcpLength);
        int tcpSum = Checksum.finish(Checksum.sum(f, 34, tcpLength, pseudo));
        f[34 + 16] = (byte) (tcpSum >> 8);
        f[34 + 17] = (byte) tcpSum;
        if (!Checksum.verify(f, 14, 20)) {
            throw new AssertionError("IP checksum");
        }
        return f;
    }

    /** One established flow (its SYN scheduled in setup), an ACK per op; 1 ms passes per 100 packets. */
    @State(Scope.Thread)
    public abstract static class KnownFlow {
        final NullSink sink = new NullSink();
        Director director;
        byte[] ack;
        byte[] rx;
        long ops;
        long now;

        abstract ForwardingMethod method();

        @Setup(Level.Trial)
        public void setUp() {
            director = director(method(), 1, sink);
            byte[] syn = frame(CLIENT, 50000, SYN, 0x1c46);
            director.receive(syn, syn.length, 1);
            ack = frame(CLIENT, 50000, ACK, 0x1c47);
            rx = new byte[2048];
            now = 1;
            ops = 0;
        }

        long forwarded() {
            DirectorCounters c = director.counters();
            return c.forwardedRoute + c.forwardedTunnel;
        }

        /** A benchmark that measured a drop path instead would be a lie: check every ACK went out. */
        @TearDown(Level.Trial)
        public void check() {
            long connections = director.services().find(Protocol.TCP, VIP, 80).stats().connections;
            if (forwarded() != ops + 1 || connections != 1) {
                throw new IllegalStateException("forwarded " + forwarded() + " of " + (ops + 1)
                        + " packets, " + connections + " connections; counters " + director.counters().asMap());
            }
        }
    }

    public static class DrKnownFlow extends KnownFlow {
        @Override
        ForwardingMethod method() {
            return ForwardingMethod.ROUTE;
        }
    }

    public static class TunKnownFlow extends KnownFlow {
        @Override
        ForwardingMethod method() {
            return ForwardingMethod.TUNNEL;
        }
    }

    static long receiveAck(KnownFlow s) {
        long i = s.ops++;
        if (i % 100 == 0) {
            s.now++;
        }
        System.arraycopy(s.ack, 0, s.rx, 0, s.ack.length);
        s.director.receive(s.rx, s.ack.length, s.now);
        return s.sink.frames;
    }

    /** The steady state: an ACK of a known flow, its MACs rewritten (LVS-DR). */
    @Benchmark
    public long drKnownFlow(DrKnownFlow s) {
        return receiveAck(s);
    }

    /** The same flow to a LVS-TUN server: the packet inside a new outer IPv4 header (IPIP). */
    @Benchmark
    public long tunKnownFlow(TunKnownFlow s) {
        return receiveAck(s);
    }

    /**
     * SYNs of 65 536 flows in turn (4 clients x ports 49152..65535), 1 ms apart: each flow comes
     * back 65.5 s later, when its SYN_RECV entry (60 s) has expired, so every SYN misses, is
     * scheduled rr over 2 DR servers and inserted, and ~60 000 entries stay live while tick()
     * expires ~100 every 100 ms (its share included).
     */
    @State(Scope.Thread)
    public static class NewFlows {
        static final int FLOWS = 1 << 16;
        final NullSink sink = new NullSink();
        Director director;
        int frameLength;
        byte[] frames;
        byte[] rx;
        long ops;
        long now;

        @Setup(Level.Trial)
        public void setUp() {
            director = director(ForwardingMethod.ROUTE, 2, sink);
            frameLength = frame(CLIENT, 0, SYN, 0).length;
            frames = new byte[FLOWS * frameLength];
            for (int i = 0; i < FLOWS; i++) {
                byte[] f = frame(CLIENT + (i >>> 14), 49152 + (i & 0x3FFF), SYN, i * 7919);
                System.arraycopy(f, 0, frames, i * frameLength, frameLength);
            }
            rx = new byte[2048];
            now = 1;
        }

        @TearDown(Level.Trial)
        public void check() {
            DirectorCounters c = director.counters();
            long connections = director.services().find(Protocol.TCP, VIP, 80).stats().connections;
            int live = director.connections().size();
            if (c.forwardedRoute != ops || connections != ops || (ops > 2 * FLOWS && live > 61_000)) {
                throw new IllegalStateException("forwarded " + c.forwardedRoute + " of " + ops + " SYNs, "
                        + connections + " new connections, " + live + " live entries; counters " + c.asMap());
            }
        }
    }

    @Benchmark
    public long drNewFlows(NewFlows s) {
        int i = (int) (s.ops++ & (NewFlows.FLOWS - 1));
        System.arraycopy(s.frames, i * s.frameLength, s.rx, 0, s.frameLength);
        s.director.receive(s.rx, s.frameLength, ++s.now);
        return s.sink.frames;
    }
}
