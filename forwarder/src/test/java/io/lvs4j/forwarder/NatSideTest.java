package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The nftables guard's rules follow the NAT servers, and only them. */
class NatSideTest {
    private static VirtualService service(ServiceTable table, Protocol protocol, String vip, int port) {
        VirtualService svc = new VirtualService(protocol, Ipv4Address.parse(vip), port,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        table.add(svc);
        return svc;
    }

    @Test
    void vipsOfNatServicesThenEachNatServerOnce() {
        ServiceTable table = new ServiceTable();
        assertEquals(List.of(), NatSide.guardRules(table), "no NAT server: no rule (and no table installed)");
        VirtualService web = service(table, Protocol.TCP, "10.0.0.100", 80);
        web.addServer(Ipv4Address.parse("10.0.0.11"), 80, ForwardingMethod.ROUTE, 1, 0, 0);
        VirtualService dr = service(table, Protocol.TCP, "10.0.0.102", 80);
        dr.addServer(Ipv4Address.parse("10.0.0.12"), 80, ForwardingMethod.ROUTE, 1, 0, 0);
        assertEquals(List.of(), NatSide.guardRules(table), "DR only");
        web.addServer(Ipv4Address.parse("10.0.1.11"), 8080, ForwardingMethod.MASQ, 1, 0, 0);
        VirtualService dns = service(table, Protocol.UDP, "10.0.0.100", 53);
        dns.addServer(Ipv4Address.parse("10.0.1.11"), 5300, ForwardingMethod.MASQ, 1, 0, 0);
        dns.addServer(Ipv4Address.parse("10.0.1.12"), 5300, ForwardingMethod.MASQ, 1, 0, 0);
        assertEquals(List.of("ip daddr 10.0.0.100 drop",
                "ip saddr 10.0.1.11 fib daddr type != local drop",
                "ip saddr 10.0.1.12 fib daddr type != local drop"), NatSide.guardRules(table));
    }
}
