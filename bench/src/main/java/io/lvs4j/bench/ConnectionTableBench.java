package io.lvs4j.bench;

import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.RoundRobin;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Connection table: a packet of a known flow, a new flow, and expiry per expired entry. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionTableBench {
    static final int VIP = 0x0A000064;
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    static VirtualService service(Protocol protocol) {
        VirtualService svc = new VirtualService(protocol, VIP, 80, new RoundRobin(), 0, -1);
        for (int i = 0; i < 10; i++) {
            RealServer rs = svc.addServer(0x0A010000 + i, 80, ForwardingMethod.ROUTE, 1, 0, 0);
            rs.nextHopResolved(0x020000000000L + i);
        }
        return svc;
    }

    /** Client i of a flow population: spread over addresses and ports. */
    static int clientAddress(int i) {
        return 0xC0000000 | (i >>> 4);
    }

    static int clientPort(int i) {
        return 1024 + (i & 15);
    }

    @State(Scope.Thread)
    public static class Hit {
        @Param({"10000", "1000000"})
        public int flows;
        ConnectionTable table;
        VirtualService svc;
        int next;
        long now = 1;

        @Setup
        public void setUp() {
            table = new ConnectionTable(ConnectionTable.DEFAULT_CAPACITY, new Timeouts());
            svc = service(Protocol.TCP);
            for (int i = 0; i < flows; i++) {
                table.dispatch(svc, clientAddress(i), clientPort(i), VIP, 80, SYN, 60, now);
                table.dispatch(svc, clientAddress(i), clientPort(i), VIP, 80, ACK, 60, now);
            }
        }
    }

    /** A packet of an established flow (random-ish order over the population). */
    @Benchmark
    public RealServer hit(Hit s) {
        int i = (int) ((s.next++ * 0x9E3779B1L) % s.flows);
        return s.table.dispatch(s.svc, clientAddress(i), clientPort(i), VIP, 80, ACK, 1500, s.now);
    }

    @State(Scope.Thread)
    public static class Miss {
        ConnectionTable table;
        VirtualService svc;
        int next;
        long now;

        @Setup(Level.Iteration)
        public void setUp() {
            table = new ConnectionTable(ConnectionTable.DEFAULT_CAPACITY, new Timeouts());
            svc = service(Protocol.TCP);
            next = 0;
            now = 0;
        }
    }

    /**
     * A SYN of a new flow: lookup miss, rr pick, insert. The clock moves 1 ms per flow and expiry
     * runs every 100 flows, so the table stays at ~60 000 SYN_RECV entries (their 60 s timeout):
     * the figure includes each flow's share of its own expiry.
     */
    @Benchmark
    public RealServer missInsert(Miss s) {
        int i = s.next++;
        long now = s.now++;
        if ((i % 100) == 0) {
            s.table.expire(now);
        }
        return s.table.dispatch(s.svc, 0x0B000000 + i, 1024 + (i & 0x3FFF), VIP, 80, SYN, 60, now);
    }

    @State(Scope.Thread)
    public static class Expiry {
        static final int BATCH = 100_000;
        ConnectionTable table = new ConnectionTable(ConnectionTable.DEFAULT_CAPACITY, new Timeouts());
        VirtualService svc = service(Protocol.TCP);
        long now;
        int next;

        @Setup(Level.Invocation)
        public void fill() {
            now += 1_000_000;
            for (int i = 0; i < BATCH; i++) {
                int c = next++;
                table.dispatch(svc, 0x0C000000 + c, 1024 + (c & 0x3FFF), VIP, 80, SYN, 60, now + (i >> 10));
            }
        }
    }

    /** expire() over 100 000 due entries; the figure is per expired entry (unbind included). */
    @Benchmark
    @OperationsPerInvocation(Expiry.BATCH)
    public int expire(Expiry s) {
        s.table.expire(s.now + 120_000);
        return s.table.size();
    }
}
