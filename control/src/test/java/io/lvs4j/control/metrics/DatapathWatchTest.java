package io.lvs4j.control.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatapathWatchTest {
    private final Map<String, Long> counters = new HashMap<>(Map.of("frames", 0L, "kernel drops", 0L,
            "capture errors", 0L, "send errors", 0L, "dropped: internal error", 0L, "dropped: malformed", 0L));
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DatapathWatch watch = new DatapathWatch(() -> Map.copyOf(counters), now::get);

    private List<String> after(long seconds) throws Exception {
        now.addAndGet(seconds * 1000);
        return watch.check();
    }

    @Test
    void warnsOncePerQuietPeriodWithTheGrowthSinceItsLastWord() throws Exception {
        assertEquals(List.of(), watch.check(), "nothing rose");
        counters.put("kernel drops", 5L);
        counters.put("dropped: malformed", 1000L); // bad frames from outside: counted, not warned about
        assertEquals(List.of("kernel drops rose by 5 (total 5): the kernel dropped frames before the capture read them:"
                + " the director is too slow (CPU, or GRO/LRO on the NIC)"), after(10));
        counters.put("kernel drops", 50L);
        assertEquals(List.of(), after(10), "quiet for a minute after a warning");
        assertEquals(List.of(), after(40));
        counters.put("kernel drops", 80L);
        counters.put("capture errors", 1L);
        List<String> lines = after(10);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("capture errors rose by 1 (total 1): reads from the capture failed (NIC down or gone?)", lines.get(0));
        assertEquals("kernel drops rose by 75 (total 80)", lines.get(1).substring(0, lines.get(1).indexOf(':')));
        assertEquals(List.of(), after(120), "no rise, no line");
    }
}
