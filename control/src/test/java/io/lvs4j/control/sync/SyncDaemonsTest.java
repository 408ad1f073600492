package io.lvs4j.control.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.control.sync.SyncConfig.Role;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which daemons run, as ipvsadm and the metrics see it: started and stopped one role at a time. */
class SyncDaemonsTest {
    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(new ServiceTable(), new ConnectionTable(1024, timeouts), timeouts);

    @Test
    void rolesFollowTheMasterDaemonStartedAndStopped() throws Exception {
        Inet4Address group = (Inet4Address) InetAddress.getByName(SyncConfig.DEFAULT_GROUP);
        try (SyncDaemons daemons = new SyncDaemons(TableAccess.direct(tables))) {
            assertEquals("none", daemons.roles());
            daemons.start(new SyncConfig(Role.MASTER, "lo", 7, SyncConfig.DEFAULT_MAX_LENGTH, group, 18848, 1));
            assertEquals("master", daemons.roles());
            assertThrows(SyncException.class, () -> daemons.start(
                    new SyncConfig(Role.MASTER, "lo", 7, SyncConfig.DEFAULT_MAX_LENGTH, group, 18848, 1)));
            assertEquals("master", daemons.roles(), "a second master is refused, the first runs on");
            daemons.stop(Role.MASTER);
            assertEquals("none", daemons.roles());
            assertThrows(SyncException.class, () -> daemons.stop(Role.MASTER));
        }
    }
}
