package io.lvs4j.control.ipvsadm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.control.sync.SyncConfig;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonParserTest {
    private static DaemonParser.DaemonCommand parse(String line) {
        return DaemonParser.parse(Arrays.asList(line.split(" +")));
    }

    private static void refused(String line, String message) {
        IpvsadmException e = assertThrows(IpvsadmException.class, () -> parse(line), line);
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void startWithDefaults() {
        DaemonParser.DaemonCommand c = parse("ipvsadm --start-daemon master --mcast-interface eth1");
        assertTrue(c.start());
        assertEquals("master sync daemon (mcast=eth1, syncid=0, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)",
                c.config().describe());
    }

    @Test
    void startWithEveryOption() {
        DaemonParser.DaemonCommand c = parse("--start-daemon backup --mcast-interface=eth1 --syncid 9"
                + " --sync-maxlen 800 --mcast-group 239.1.2.3 --mcast-port 9000 --mcast-ttl 3");
        assertEquals(SyncConfig.Role.BACKUP, c.role());
        assertEquals("backup sync daemon (mcast=eth1, syncid=9, maxlen=800, group=239.1.2.3, port=9000, ttl=3)",
                c.config().describe());
    }

    @Test
    void stop() {
        DaemonParser.DaemonCommand c = parse("--stop-daemon backup");
        assertEquals(SyncConfig.Role.BACKUP, c.role());
        assertNull(c.config());
    }

    @Test
    void otherCommandsAreNotDaemonCommands() {
        assertNull(parse("-L -n"));
        assertNull(parse("-A -t 10.0.0.100:80"));
    }

    @Test
    void badValuesAreNamed() {
        refused("--start-daemon primary --mcast-interface eth1", "illegal start-daemon parameter specified");
        refused("--stop-daemon both", "illegal stop-daemon parameter specified");
        refused("--start-daemon master", "--start-daemon needs --mcast-interface IF");
        refused("--start-daemon master --mcast-interface eth1 --syncid 256", "illegal syncid specified: 256");
        refused("--start-daemon master --mcast-interface eth1 --mcast-port 0", "illegal mcast-port specified: 0");
        refused("--start-daemon master --mcast-interface eth1 --mcast-ttl x", "illegal mcast-ttl specified: x");
        refused("--start-daemon master --mcast-interface eth1 --mcast-group 10.0.0.1", "illegal IPv4 mcast-group");
        refused("--start-daemon master --mcast-interface eth1 --sync-maxlen 43", "illegal sync-maxlen specified: 43");
        refused("--start-daemon master --mcast-interface eth1 -n", "Illegal 'numeric' option with the 'start-daemon'");
        refused("--stop-daemon master --syncid 3", "Illegal 'syncid' option with the 'stop-daemon' command");
        refused("--start-daemon master --mcast-interface abcdefghijklmnop", "too long mcast-interface name");
    }

    @Test
    void rulesFilesAndOtherCommandsRefuseDaemonWords() {
        IpvsadmException e = assertThrows(IpvsadmException.class,
                () -> IpvsadmParser.parse(List.of("--start-daemon", "master")));
        assertEquals(DaemonParser.NOT_HERE, e.getMessage());
        e = assertThrows(IpvsadmException.class,
                () -> IpvsadmParser.parse(List.of("-A", "-t", "10.0.0.100:80", "--syncid", "3")));
        assertEquals(DaemonParser.ONLY_WITH_DAEMON, e.getMessage());
    }

    @Test
    void theExecutorListsAndStopsDaemons() {
        Timeouts timeouts = new Timeouts();
        ControlPlane control = new ControlPlane(TableAccess.direct(
                new Tables(new ServiceTable(), new ConnectionTable(16, timeouts), timeouts)));
        IpvsadmExecutor executor = new IpvsadmExecutor(control);
        assertEquals(new Reply("", "", 0), executor.execute(List.of("-L", "--daemon"), null), "none runs: nothing");
        assertEquals(new Reply("", "lvs4j: no master sync daemon is running\n", 1),
                executor.execute(List.of("--stop-daemon", "master"), null));
        assertEquals(new Reply("", "lvs4j: no interface nosuch0 for --mcast-interface\n", 1),
                executor.execute(List.of("--start-daemon", "backup", "--mcast-interface", "nosuch0"), null));
    }
}
