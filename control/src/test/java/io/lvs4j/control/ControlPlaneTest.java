package io.lvs4j.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lvs4j.control.ServiceState.ServerState;
import io.lvs4j.control.TableChange.AddServer;
import io.lvs4j.control.TableChange.AddService;
import io.lvs4j.control.TableChange.Clear;
import io.lvs4j.control.TableChange.DeleteServer;
import io.lvs4j.control.TableChange.DeleteService;
import io.lvs4j.control.TableChange.EditServer;
import io.lvs4j.control.TableChange.EditService;
import io.lvs4j.control.TableChange.SetTimeouts;
import io.lvs4j.control.TableChange.SetWeight;
import io.lvs4j.control.TableChange.Zero;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control API on its own, as a health checker or a config loader would call it: no ipvsadm text. */
class ControlPlaneTest {
    private static final ServiceId WEB = new ServiceId(Protocol.TCP, 0x0A000064, 80);
    private static final ServiceId DNS = new ServiceId(Protocol.UDP, 0x0A000064, 53);
    private static final ServerId RS1 = new ServerId(0x0A00000B, 80);
    private static final ServerId RS2 = new ServerId(0x0A00000C, 80);

    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(new ServiceTable(), new ConnectionTable(64, timeouts), timeouts);
    private final ControlPlane control = new ControlPlane(TableAccess.direct(tables));

    private void refused(TableChange change, Refusal why) throws InterruptedException {
        List<ServiceState> before = control.services();
        TableException e = assertThrows(TableException.class, () -> control.apply(change), change.toString());
        assertEquals(why, e.refusal(), change.toString());
        assertEquals(why.message(), e.getMessage());
        assertEquals(before, control.services(), "unchanged after " + change);
    }

    @Test
    void buildsEditsAndReadsBackATable() throws InterruptedException {
        control.apply(List.of(
                new AddService(WEB, ServiceSettings.of("wrr")),
                new AddServer(WEB, RS1, ServerSettings.of(ForwardingMethod.ROUTE, 1)),
                new AddServer(WEB, RS2, new ServerSettings(ForwardingMethod.TUNNEL, 3, 100, 50)),
                new AddService(DNS, new ServiceSettings("sh", SchedulerFlags.FLAG_1, 300, 0xFFFFFF00))));
        List<ServiceState> services = control.services();
        assertEquals(List.of(WEB, DNS), services.stream().map(ServiceState::id).toList());
        ServiceState web = services.get(0);
        assertEquals(ServiceSettings.of("wrr"), web.settings());
        // a new server goes to the head of the list, as in the kernel
        assertEquals(List.of(RS2, RS1), web.servers().stream().map(ServerState::id).toList());
        assertEquals(new ServerSettings(ForwardingMethod.TUNNEL, 3, 100, 50), web.servers().get(0).settings());
        assertEquals(new ServiceSettings("sh", SchedulerFlags.FLAG_1, 300, 0xFFFFFF00), services.get(1).settings());

        control.apply(new SetWeight(WEB, RS2, 0));
        control.apply(new EditServer(WEB, RS1, ServerSettings.of(ForwardingMethod.TUNNEL, 7)));
        control.apply(new EditService(WEB, new ServiceSettings("rr", 0, 60, ServiceSettings.NO_NETMASK)));
        control.apply(new SetTimeouts(900, 0, 60));
        web = control.services().get(0);
        assertEquals(new ServiceSettings("rr", 0, 60, ServiceSettings.NO_NETMASK), web.settings());
        // a weight change keeps the other settings
        assertEquals(new ServerSettings(ForwardingMethod.TUNNEL, 0, 100, 50), web.servers().get(0).settings());
        assertEquals(ServerSettings.of(ForwardingMethod.TUNNEL, 7), web.servers().get(1).settings());
        assertEquals(new SetTimeouts(900, 120, 60), control.timeouts());

        tables.services().services().get(0).stats().count(1500);
        assertEquals(1, control.services().get(0).inPackets());
        control.apply(new Zero(WEB));
        assertEquals(0, control.services().get(0).inPackets());

        control.apply(new DeleteServer(WEB, RS2));
        assertEquals(List.of(RS1), control.services().get(0).servers().stream().map(ServerState::id).toList());
        control.apply(new DeleteService(DNS));
        assertEquals(List.of(WEB), control.services().stream().map(ServiceState::id).toList());
        control.apply(new Clear());
        assertEquals(List.of(), control.services());
    }

    @Test
    void everyRefusalNamesItsReasonAndChangesNothing() throws InterruptedException {
        control.apply(List.of(new AddService(WEB, ServiceSettings.of("wlc")),
                new AddServer(WEB, RS1, ServerSettings.of(ForwardingMethod.ROUTE, 1))));
        refused(new AddService(WEB, ServiceSettings.of("rr")), Refusal.SERVICE_EXISTS);
        refused(new AddService(DNS, ServiceSettings.of("nosuch")), Refusal.NO_SCHEDULER);
        refused(new EditService(WEB, ServiceSettings.of("nosuch")), Refusal.NO_SCHEDULER);
        refused(new EditService(DNS, ServiceSettings.of("rr")), Refusal.NO_SUCH_SERVICE);
        refused(new DeleteService(DNS), Refusal.NO_SUCH_SERVICE);
        refused(new Zero(DNS), Refusal.NO_SUCH_SERVICE);
        refused(new AddServer(DNS, RS1, ServerSettings.of(ForwardingMethod.ROUTE, 1)), Refusal.SERVICE_NOT_DEFINED);
        refused(new SetWeight(DNS, RS1, 1), Refusal.SERVICE_NOT_DEFINED);
        refused(new DeleteServer(DNS, RS1), Refusal.SERVICE_NOT_DEFINED);
        refused(new AddServer(WEB, RS1, ServerSettings.of(ForwardingMethod.ROUTE, 1)), Refusal.DESTINATION_EXISTS);
        refused(new EditServer(WEB, RS2, ServerSettings.of(ForwardingMethod.ROUTE, 1)), Refusal.NO_SUCH_DESTINATION);
        refused(new SetWeight(WEB, RS2, 1), Refusal.NO_SUCH_DESTINATION);
        refused(new DeleteServer(WEB, RS2), Refusal.NO_SUCH_DESTINATION);
        refused(new AddServer(WEB, RS2, new ServerSettings(ForwardingMethod.ROUTE, 1, 10, 20)), Refusal.OUT_OF_RANGE);
        refused(new SetWeight(WEB, RS1, 65536), Refusal.OUT_OF_RANGE);
        refused(new SetWeight(WEB, RS1, -1), Refusal.OUT_OF_RANGE);
        refused(new SetTimeouts(-1, 0, 0), Refusal.OUT_OF_RANGE);
        refused(new AddServer(WEB, new ServerId(0xE0000001, 80), ServerSettings.of(ForwardingMethod.ROUTE, 1)),
                Refusal.INVALID);
        refused(new AddService(new ServiceId(Protocol.TCP, 0x0A000064, 0), ServiceSettings.of("rr")), Refusal.INVALID);
    }

    @Test
    void aBatchIsAllOrNothingAndNamesTheRefusedChange() throws InterruptedException {
        control.apply(new AddService(WEB, ServiceSettings.of("rr")));
        List<ServiceState> before = control.services();
        TableException e = assertThrows(TableException.class, () -> control.apply(List.of(
                new Clear(),
                new AddService(DNS, ServiceSettings.of("rr")),
                new AddServer(DNS, RS1, ServerSettings.of(ForwardingMethod.ROUTE, 1)),
                new AddServer(WEB, RS1, ServerSettings.of(ForwardingMethod.ROUTE, 1)))));
        // the Clear before it would have removed WEB: checked against the table as the batch leaves it
        assertEquals(Refusal.SERVICE_NOT_DEFINED, e.refusal());
        assertEquals(3, e.index());
        assertEquals(before, control.services());
    }
}
