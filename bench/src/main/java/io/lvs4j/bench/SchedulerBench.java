package io.lvs4j.bench;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.VirtualService;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one schedule() call per scheduler, with 3 or 100 servers of mixed weights and
 * loads (so the lc family really compares), for a stream of different clients.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SchedulerBench {
    @Param({"rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "dh", "sh", "mh", "lblc", "lblcr"})
    public String scheduler;

    @Param({"3", "100"})
    public int servers;

    private VirtualService service;
    private int client = 0xC0A80001;
    private long now;

    @Setup
    public void setUp() {
        service = new VirtualService(Protocol.TCP, 0x0A000064, 80, Schedulers.create(scheduler, SchedulerFlags.NONE), 0, -1);
        Random random = new Random(42);
        for (int i = 0; i < servers; i++) {
            RealServer rs = service.addServer(0x0A010000 + i, 80, ForwardingMethod.ROUTE, 1 + random.nextInt(10), 0, 0);
            rs.nextHopResolved(0x020000000000L + i);
            int active = random.nextInt(50);
            for (int c = 0; c < active; c++) {
                rs.bind(false, true);
            }
        }
    }

    @Benchmark
    public RealServer schedule() {
        int c = client++;
        // lblc/lblcr key on the destination: vary it over 4096 addresses so the cache is exercised
        return service.scheduler().schedule(service, c, c & 0xFFFF, 0x0A000000 | (c & 0xFFF), now++);
    }
}
