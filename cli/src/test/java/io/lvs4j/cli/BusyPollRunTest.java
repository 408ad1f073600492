package io.lvs4j.cli;

import static io.lvs4j.cli.RunRefusal.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** `lvs4j run --busy-poll` refuses a spin time out of range, or on a replay, in one line, exit 2, before the NIC is touched. */
class BusyPollRunTest {
    @Test
    void aSpinTimeOutOfRangeIsNamedWithWhatIsAllowed() {
        for (String bad : new String[] {"-1", "1000001", "2147483647"}) {
            assertEquals("lvs4j run: --busy-poll " + bad + " is not a spin time in microseconds (allowed: 0 to 1000000)",
                    refused("run", "-i", "lo", "--busy-poll", bad));
        }
    }

    @Test
    void aReplayDoesNotSpin() {
        assertEquals("lvs4j run: --busy-poll is for a live director; a replay reads a file and waits for nothing",
                refused("run", "--read", "in.pcap", "--write", "out.pcap", "--busy-poll", "50"));
    }
}
