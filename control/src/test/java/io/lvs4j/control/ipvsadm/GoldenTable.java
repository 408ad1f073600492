package io.lvs4j.control.ipvsadm;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.Stats;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * The table behind the golden files in src/test/resources/ipvsadm: TCP and UDP, rr/wrr/wlc,
 * persistence with and without a mask, DR and TUN servers, thresholds, counters large enough for
 * every K/M/G/T scale. Services and servers are added out of order so the listings' sorting
 * shows. The golden files were written from ipvsadm.c's printf formats, not from lvs4j's output.
 */
final class GoldenTable {
    final List<VirtualService> services = new ArrayList<>();
    final VirtualService web;
    final RealServer web11;
    final RealServer web12;

    GoldenTable() {
        VirtualService dns = service(Protocol.UDP, ip(10, 0, 0, 100), 53, "wrr", 0, -1);
        dns.addServer(ip(10, 0, 0, 22), 53, ForwardingMethod.TUNNEL, 0, 0, 0);
        RealServer dns21 = dns.addServer(ip(10, 0, 0, 21), 53, ForwardingMethod.ROUTE, 5, 0, 0);
        counts(dns21, 0, 7, 0);
        stats(dns.stats(), 42, 84, 6720);
        stats(dns21.stats(), 42, 84, 6720);

        VirtualService tls = service(Protocol.TCP, ip(10, 0, 0, 100), 443, "wlc", 360, 0xFFFFFF00);
        RealServer tls13 = tls.addServer(ip(10, 0, 0, 13), 443, ForwardingMethod.TUNNEL, 2, 0, 0);
        RealServer tls11 = tls.addServer(ip(10, 0, 0, 11), 443, ForwardingMethod.ROUTE, 3, 100, 50);
        counts(tls13, 1, 4, 1);
        counts(tls11, 0, 0, 2);
        stats(tls.stats(), 100_000_000L, 999_999_999L, 99_999_999_999L);
        stats(tls11.stats(), 40_000_000L, 400_000_000L, 40_000_000_000L);
        stats(tls13.stats(), 60_000_000L, 599_999_999L, 59_999_999_999L);

        VirtualService app = service(Protocol.TCP, ip(192, 168, 1, 10), 8080, "wlc", 600, -1);
        app.addServer(ip(192, 168, 1, 20), 8080, ForwardingMethod.ROUTE, 1, 1000, 0);

        web = service(Protocol.TCP, ip(10, 0, 0, 100), 80, "rr", 0, -1);
        web11 = web.addServer(ip(10, 0, 0, 11), 80, ForwardingMethod.ROUTE, 1, 0, 0);
        web12 = web.addServer(ip(10, 0, 0, 12), 80, ForwardingMethod.ROUTE, 1, 0, 0);
        counts(web11, 3, 1, 0);
        counts(web12, 2, 0, 0);
        stats(web.stats(), 1_234_567_890L, 98_765_432L, 123_456_789_012_345L);
        stats(web11.stats(), 617_283_945L, 49_382_716L, 61_728_394_506_172L);
        stats(web12.stats(), 617_283_945L, 49_382_716L, 61_728_394_506_173L);
    }

    private VirtualService service(Protocol p, int vip, int port, String scheduler, int persistence, int mask) {
        VirtualService svc = new VirtualService(p, vip, port, Schedulers.create(scheduler), persistence, mask);
        services.add(svc);
        return svc;
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /** Connection counts as the connection table would leave them (bind = one connection or template). */
    private static void counts(RealServer rs, int active, int inactive, int persistent) {
        for (int i = 0; i < active; i++) {
            rs.bind(false, true);
        }
        for (int i = 0; i < inactive; i++) {
            rs.bind(false, false);
        }
        for (int i = 0; i < persistent; i++) {
            rs.bind(true, false);
        }
    }

    private static void stats(Stats s, long connections, long inPackets, long inBytes) {
        s.connections = connections;
        s.inPackets = inPackets;
        s.inBytes = inBytes;
    }
}
