package io.lvs4j.cli.replay;

import io.lvs4j.cli.Main;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * {@code lvs4j …} in a JVM of its own (ReplaySynFloodTest gives it a small -Xmx), then the peak
 * heap it used: the sum of the heap pools' peaks, an upper bound of the real peak.
 */
public final class FloodReplayMain {
    private FloodReplayMain() {
    }

    public static void main(String[] args) {
        int exit = Main.commandLine().execute(args);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("peak heap used: %d MB (max %d MB)%n", (peak + (1 << 20) - 1) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        System.exit(exit);
    }
}
