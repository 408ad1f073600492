package io.lvs4j.bench;

import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;

/**
 * Bytes per tracked connection at 1 M connections: used heap after GC before and after building
 * a full table. Run: java -cp bench/target/benchmarks.jar io.lvs4j.bench.ConnectionMemory
 */
public final class ConnectionMemory {
    private ConnectionMemory() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : ConnectionTable.DEFAULT_CAPACITY;
        VirtualService svc = ConnectionTableBench.service(Protocol.TCP);
        long before = usedAfterGc();
        ConnectionTable table = new ConnectionTable(n, new Timeouts());
        for (int i = 0; i < n; i++) {
            table.dispatch(svc, ConnectionTableBench.clientAddress(i), ConnectionTableBench.clientPort(i),
                    ConnectionTableBench.VIP, 80, ConnectionTableBench.SYN, 60, 1);
        }
        long after = usedAfterGc();
        System.out.printf("connections: %d (table capacity %d)%n", table.size(), n);
        System.out.printf("heap delta: %d bytes = %.1f bytes/connection%n", after - before,
                (after - before) / (double) table.size());
        if (table.size() != n) {
            throw new IllegalStateException("expected a full table");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
