package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RoundRobin;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's rules: the virtual services' packets only, never the VIP's others (ARP, ICMP, VRRP, ssh). */
class KernelVipGuardTest {
    @Test
    void oneRulePerServiceAndTheWholeProtocolForPortZero() {
        ServiceTable services = new ServiceTable();
        assertEquals(List.of(), KernelVipGuard.rules(services));
        services.add(new VirtualService(Protocol.TCP, 0x0A000064, 80, new RoundRobin(), 0, -1));
        services.add(new VirtualService(Protocol.UDP, 0x0A000064, 53, new RoundRobin(), 0, -1));
        services.add(new VirtualService(Protocol.TCP, 0x0A000065, 0, new RoundRobin(), 300, -1));
        assertEquals(List.of(
                "ip daddr 10.0.0.100 tcp dport 80 counter drop",
                "ip daddr 10.0.0.100 udp dport 53 counter drop",
                "ip daddr 10.0.0.101 meta l4proto tcp counter drop"), KernelVipGuard.rules(services));
    }
}
