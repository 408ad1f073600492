package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of CAP_NET_RAW and CAP_NET_ADMIN a process lacks, from its /proc status. */
class CapabilitiesTest {
    @TempDir
    Path dir;

    private long effective(String capEff) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t" + capEff + "\nCapBnd:\t000001ffffffffff\n");
        return Capabilities.effective(status);
    }

    @Test
    void namesEachMissingCapability() throws IOException {
        assertEquals(List.of(), Capabilities.missing(effective("000001ffffffffff")), "root");
        assertEquals(List.of(), Capabilities.missing(effective("0000000000003000")), "exactly the two");
        assertEquals(List.of("CAP_NET_ADMIN"), Capabilities.missing(effective("0000000000002000")), "raw only");
        assertEquals(List.of("CAP_NET_RAW"), Capabilities.missing(effective("0000000000001000")), "admin only");
        assertEquals(List.of("CAP_NET_RAW", "CAP_NET_ADMIN"), Capabilities.missing(effective("0000000000000000")));
    }

    @Test
    void anUnreadableStatusCountsAsNoCapabilities() throws IOException {
        assertEquals(0, Capabilities.effective(dir.resolve("missing")));
        assertEquals(0, effective("not-hex"));
    }

    @Test
    void xdpNeedsCapBpfOrCapSysAdmin() throws IOException {
        assertEquals(true, Capabilities.mayUseBpf(effective("000001ffffffffff")), "root");
        assertEquals(false, Capabilities.mayUseBpf(effective("0000000000003000")), "the two of the unit");
        assertEquals(true, Capabilities.mayUseBpf(effective("0000008000003000")), "the two and CAP_BPF");
        assertEquals(true, Capabilities.mayUseBpf(effective("0000000000203000")), "the two and CAP_SYS_ADMIN");
    }
}
