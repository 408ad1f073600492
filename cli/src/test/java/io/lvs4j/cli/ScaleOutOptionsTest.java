package io.lvs4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ipvsadm.Reply;
import io.lvs4j.control.socket.ControlServer;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.Timeouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `ipvsadm lvs4j:sloppy-tcp [on|off]` over the control socket: shows or sets sloppy TCP at run time. */
class ScaleOutOptionsTest {
    private final ConnectionTable table = new ConnectionTable(16, new Timeouts());
    private final ControlServer.Request request = ScaleOutOptions.withRequests(Map.of(), table)
            .get(ScaleOutOptions.SLOPPY_TCP);

    @Test
    void showsAndSets() {
        assertEquals(new Reply("sloppy-tcp off\n", "", 0), request.handle(List.of()));
        assertEquals(new Reply("sloppy-tcp on\n", "", 0), request.handle(List.of("on")));
        assertTrue(table.sloppyTcp());
        assertEquals(new Reply("sloppy-tcp off\n", "", 0), request.handle(List.of("off")));
        assertFalse(table.sloppyTcp());
    }

    @Test
    void aBadArgumentChangesNothing() {
        table.sloppyTcp(true);
        Reply r = request.handle(List.of("yes"));
        assertEquals(2, r.exitCode());
        assertEquals("lvs4j: sloppy-tcp takes 'on', 'off' or nothing (show), not 'yes'\n", r.stderr());
        assertEquals(2, request.handle(List.of("on", "off")).exitCode());
        assertTrue(table.sloppyTcp());
    }

    @Test
    void keepsTheOtherRequests() {
        ControlServer.Request checks = args -> new Reply("", "", 0);
        assertEquals(Map.of("lvs4j:checks", checks).get("lvs4j:checks"),
                ScaleOutOptions.withRequests(Map.of("lvs4j:checks", checks), table).get("lvs4j:checks"));
    }
}
