package io.lvs4j.scheduler;

import static io.lvs4j.scheduler.Lab.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceTableTest {
    private static final int V1 = ip(10, 0, 0, 100);
    private static final int V2 = ip(10, 0, 0, 101);

    private static VirtualService svc(Protocol p, int vip, int port) {
        return new VirtualService(p, vip, port, new RoundRobin(), port == 0 ? 360 : 0, -1);
    }

    @Test
    void findsByProtocolAddressAndPortWithThePortZeroFallback() {
        ServiceTable table = new ServiceTable();
        VirtualService web = svc(Protocol.TCP, V1, 80);
        VirtualService dns = svc(Protocol.UDP, V1, 53);
        VirtualService all = svc(Protocol.TCP, V2, 0);
        table.add(web);
        table.add(dns);
        table.add(all);
        assertSame(web, table.find(6, V1, 80));
        assertSame(dns, table.find(17, V1, 53));
        assertNull(table.find(17, V1, 80));
        assertNull(table.find(6, V1, 443));
        assertSame(all, table.find(6, V2, 443));
        assertSame(all, table.find(Protocol.TCP, V2, 0));
        assertNull(table.find(17, V2, 443));
        assertTrue(table.ownsAddress(V1));
        assertFalse(table.ownsAddress(ip(10, 0, 0, 102)));
        assertArrayEquals(new int[] {V1, V2}, table.addresses());
    }

    @Test
    void duplicateIsRefusedAndRemoveMarksServersRemoved() {
        ServiceTable table = new ServiceTable();
        VirtualService web = svc(Protocol.TCP, V1, 80);
        table.add(web);
        assertEquals("Service already exists",
                assertThrows(IllegalStateException.class, () -> table.add(svc(Protocol.TCP, V1, 80))).getMessage());
        RealServer rs = Lab.add(web, 1, 1);
        table.remove(web);
        assertTrue(rs.removed());
        assertNull(table.find(6, V1, 80));
        assertFalse(table.ownsAddress(V1));
        assertEquals(0, table.size());
    }

    @Test
    void manyServicesGrowTheTable() {
        ServiceTable table = new ServiceTable();
        List<VirtualService> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            VirtualService s = svc(i % 2 == 0 ? Protocol.TCP : Protocol.UDP, V1 + i / 7, 1 + i);
            table.add(s);
            all.add(s);
        }
        for (VirtualService s : all) {
            assertSame(s, table.find(s.protocol().number(), s.address(), s.port()));
        }
        for (int i = 0; i < 500; i += 3) {
            table.remove(all.get(i));
        }
        for (int i = 0; i < 500; i++) {
            VirtualService s = all.get(i);
            assertEquals(i % 3 == 0 ? null : s, table.find(s.protocol().number(), s.address(), s.port()));
        }
        assertEquals(500 - 167, table.services().size());
    }
}
