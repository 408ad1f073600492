package io.lvs4j.scheduler;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: services whose servers are named by their last address byte. */
final class Lab {
    static final int VIP = ip(10, 0, 0, 100);

    private Lab() {
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    static VirtualService service(Scheduler scheduler) {
        return new VirtualService(Protocol.TCP, VIP, 80, scheduler, 0, -1);
    }

    static VirtualService udpService(Scheduler scheduler) {
        return new VirtualService(Protocol.UDP, VIP, 53, scheduler, 0, -1);
    }

    /** ipvsadm -a … -r 10.0.0.last:80 -w weight; the server has a known MAC so it is available. */
    static RealServer add(VirtualService svc, int last, int weight) {
        return add(svc, last, weight, 0, 0);
    }

    static RealServer add(VirtualService svc, int last, int weight, int x, int y) {
        RealServer rs = svc.addServer(ip(10, 0, 0, last), 80, ForwardingMethod.ROUTE, weight, x, y);
        rs.nextHopResolved(0x0200_0000_0000L | last);
        return rs;
    }

    static void weight(VirtualService svc, RealServer rs, int weight) {
        svc.editServer(rs, rs.method(), weight, rs.upperThreshold(), rs.lowerThreshold());
    }

    /** n picks from client 192.168.0.1, as the servers' last address bytes. */
    static List<Integer> picks(VirtualService svc, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pick(svc, ip(192, 168, 0, 1), 1000 + i));
        }
        return out;
    }

    /** One pick as the server's last address byte, 0 for NULL. */
    static int pick(VirtualService svc, int client, int port) {
        RealServer rs = svc.scheduler().schedule(svc, client, port, svc.address(), 0);
        return rs == null ? 0 : rs.address() & 255;
    }

    static List<Integer> seq(int... v) {
        List<Integer> out = new ArrayList<>();
        for (int x : v) {
            out.add(x);
        }
        return out;
    }
}
