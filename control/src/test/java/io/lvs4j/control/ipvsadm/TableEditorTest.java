package io.lvs4j.control.ipvsadm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.RateEstimator;
import io.lvs4j.control.Refusal;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.control.ipvsadm.IpvsadmCommand.ListOption;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Scheduler;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TableEditorTest {
    private final ServiceTable table = new ServiceTable();
    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(table, new ConnectionTable(64, timeouts), timeouts);
    private final ControlPlane control = new ControlPlane(TableAccess.direct(tables));
    private final RateEstimator rates = new RateEstimator();

    /** An ipvsadm line through the control plane, as the control socket runs it. */
    private void run(String line) {
        try {
            IpvsadmExecutor.apply(IpvsadmParser.parse(Arrays.asList(line.split(" +"))), control);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void restore(RulesFile rules) {
        try {
            rules.applyTo(control);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void refused(String line, String message) {
        String before = SaveFormatter.save(table.services());
        IpvsadmException e = assertThrows(IpvsadmException.class, () -> run(line), line);
        assertEquals(message, e.getMessage(), line);
        assertEquals(255, e.exitCode(), line);
        assertEquals(before, SaveFormatter.save(table.services()), "unchanged after " + line);
    }

    private String listing() {
        return ListFormatter.listAll(table.services(), EnumSet.of(ListOption.NUMERIC), rates);
    }

    @Test
    void theGoldenTableBuiltByCommandsSavesAsTheGoldenFile() throws IOException {
        RulesFile rules = RulesFile.parse("golden", GoldenOutputTest.golden("save.txt"));
        restore(rules);
        assertEquals(GoldenOutputTest.golden("save.txt"), SaveFormatter.save(table.services()));
        // list order is the reverse of the -a order, as in the kernel
        VirtualService web = tables.service(new ServiceId(io.lvs4j.scheduler.Protocol.TCP,
                GoldenTable.ip(10, 0, 0, 100), 80));
        assertEquals(GoldenTable.ip(10, 0, 0, 12), web.servers().get(0).address());
    }

    @Test
    void classicLabSequence() {
        run("ipvsadm -A -t 192.168.1.100:80 -s rr");
        run("ipvsadm -a -t 192.168.1.100:80 -r 192.168.1.11:80 -g");
        run("ipvsadm -a -t 192.168.1.100:80 -r 192.168.1.12 -g -w 2");
        run("ipvsadm -e -t 192.168.1.100:80 -r 192.168.1.12 -g -w 0");
        assertEquals("IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                + "TCP  192.168.1.100:80 rr\n"
                + "  -> 192.168.1.11:80              Route   1      0          0         \n"
                + "  -> 192.168.1.12:80              Route   0      0          0         \n", listing());
        run("-d -t 192.168.1.100:80 -r 192.168.1.12");
        run("-D -t 192.168.1.100:80");
        assertEquals(0, table.size());
    }

    @Test
    void natLabWithPortMappingMixedWithRouteSavesAndRestores() {
        run("ipvsadm -A -t 192.168.1.100:80 -s wrr");
        run("ipvsadm -a -t 192.168.1.100:80 -r 10.0.1.11:80 -m -w 1");
        run("ipvsadm -a -t 192.168.1.100:80 -r 10.0.1.12:8080 -m -w 1");
        // IPVS keeps the forwarding method per real server: a DR server may share the service
        run("ipvsadm -a -t 192.168.1.100:80 -r 192.168.1.13:8080 -g -w 2");
        String listed = "IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                + "TCP  192.168.1.100:80 wrr\n"
                + "  -> 192.168.1.13:80              Route   2      0          0         \n"
                + "  -> 10.0.1.11:80                 Masq    1      0          0         \n"
                + "  -> 10.0.1.12:8080               Masq    1      0          0         \n";
        assertEquals(listed, listing());
        String saved = SaveFormatter.save(table.services());
        // ipvsadm's order: address differences as C's u32 stored in an int (see IpvsadmOrder)
        assertEquals("-A -t 192.168.1.100:80 -s wrr\n"
                + "-a -t 192.168.1.100:80 -r 192.168.1.13:80 -g -w 2\n"
                + "-a -t 192.168.1.100:80 -r 10.0.1.11:80 -m -w 1\n"
                + "-a -t 192.168.1.100:80 -r 10.0.1.12:8080 -m -w 1\n", saved);
        run("-C");
        restore(RulesFile.parse("saved", saved));
        assertEquals(listed, listing());
        run("-e -t 192.168.1.100:80 -r 10.0.1.12:8080 -m -w 3");
        run("-d -t 192.168.1.100:80 -r 10.0.1.12:8080");
        assertEquals(2, table.services().get(0).servers().size());
    }

    @Test
    void kernelRefusalsChangeNothing() {
        run("-A -t 10.0.0.1:80 -s wrr");
        run("-a -t 10.0.0.1:80 -r 10.0.0.2");
        refused("-A -t 10.0.0.1:80 -s rr", "Service already exists");
        refused("-A -t 10.0.0.1:81 -s nosuch", "Scheduler or persistence engine not found");
        refused("-E -t 10.0.0.1:82 -s rr", "No such service");
        refused("-D -t 10.0.0.1:82", "No such service");
        refused("-a -t 10.0.0.1:82 -r 10.0.0.2", "Service not defined");
        refused("-a -t 10.0.0.1:80 -r 10.0.0.2", "Destination already exists");
        refused("-e -t 10.0.0.1:80 -r 10.0.0.3", "No such destination");
        refused("-d -t 10.0.0.1:80 -r 10.0.0.2:8080", "No such destination");
        refused("-a -t 10.0.0.1:80 -r 10.0.0.3 -y 10", "Numerical result out of range");
        refused("-a -t 10.0.0.1:80 -r 224.0.0.1", Refusal.INVALID.message());
        refused("-Z -t 10.0.0.1:82", "No such service");
        // the port-0 fallback of packet lookups is not used to name services
        run("-A -t 10.0.0.5:0 -s rr -p");
        refused("-D -t 10.0.0.5:80", "No such service");
    }

    @Test
    void aBadRulesLineAppliesNothing() {
        run("-A -t 10.0.0.1:80 -s rr");
        String before = SaveFormatter.save(table.services());
        RulesFile rules = RulesFile.parse("/tmp/r", "-C\n-A -t 10.0.0.9:80 -s rr\n-a -t 10.0.0.9:80 -r 10.0.0.2\n"
                + "-a -t 10.0.0.9:80 -r 10.0.0.2\n");
        RulesFileException e = assertThrows(RulesFileException.class,
                () -> restore(rules));
        assertEquals("/tmp/r:4: Destination already exists", e.getMessage());
        assertEquals(before, SaveFormatter.save(table.services()));
    }

    @Test
    void editServiceKeepsTheSchedulerWhenTheSameIsNamed() {
        run("-A -t 10.0.0.1:80 -s rr");
        Scheduler rr = tables.service(new ServiceId(io.lvs4j.scheduler.Protocol.TCP, 0x0A000001, 80)).scheduler();
        run("-E -t 10.0.0.1:80 -s rr -p 60");
        VirtualService svc = tables.service(new ServiceId(io.lvs4j.scheduler.Protocol.TCP, 0x0A000001, 80));
        assertSame(rr, svc.scheduler());
        assertEquals(60, svc.persistenceSeconds());
        run("-E -t 10.0.0.1:80 -s sh -b sh-fallback,sh-port");
        assertEquals("sh", svc.scheduler().name());
        assertEquals(0, svc.persistenceSeconds()); // -E replaces every setting, as ipvsadm does
        assertTrue(listing().contains("TCP  10.0.0.1:80 sh (sh-fallback,sh-port)\n"));
        assertEquals("-A -t 10.0.0.1:80 -s sh -b sh-fallback,sh-port\n", SaveFormatter.save(table.services()));
    }

    @Test
    void zeroAndTimeouts() {
        run("-A -u 10.0.0.1:53 -s rr");
        run("-a -u 10.0.0.1:53 -r 10.0.0.2");
        VirtualService svc = table.services().get(0);
        RealServer rs = svc.servers().get(0);
        svc.stats().count(100);
        rs.stats().count(100);
        rs.stats().connections = 1;
        run("-Z");
        assertEquals(0, svc.stats().inPackets);
        assertEquals(0, rs.stats().connections);
        run("--set 3600 0 60");
        assertEquals("Timeout (tcp tcpfin udp): 3600 120 60\n", ListFormatter.timeouts(timeouts));
    }

    @Test
    void clearAndRemovedServers() {
        run("-A -t 10.0.0.1:80 -s rr");
        run("-a -t 10.0.0.1:80 -r 10.0.0.2");
        RealServer rs = table.services().get(0).servers().get(0);
        run("-C");
        assertEquals(0, table.size());
        assertTrue(rs.removed()); // its flows end on their next packet
        run("-A -t 10.0.0.1:80 -s rr");
        run("-a -t 10.0.0.1:80 -r 10.0.0.2");
        assertFalse(table.services().get(0).servers().get(0).removed());
    }
}
