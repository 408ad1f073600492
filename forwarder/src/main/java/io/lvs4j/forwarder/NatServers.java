package io.lvs4j.forwarder;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * The table's NAT (-m) servers, for recognising their replies: few by nature, so plain arrays
 * scanned in order, rebuilt on the control path after each table edit.
 */
final class NatServers {
    private RealServer[] servers = new RealServer[0];
    private int[] addresses = new int[0];

    void rebuild(ServiceTable services) {
        List<RealServer> masq = new ArrayList<>();
        for (VirtualService svc : services.services()) {
            for (RealServer rs : svc.servers()) {
                if (rs.method() == ForwardingMethod.MASQ) {
                    masq.add(rs);
                }
            }
        }
        servers = masq.toArray(new RealServer[0]);
        addresses = masq.stream().mapToInt(RealServer::address).distinct().toArray();
    }

    int size() {
        return servers.length;
    }

    RealServer get(int i) {
        return servers[i];
    }

    /** The distinct addresses of the NAT servers. */
    int[] addresses() {
        return addresses;
    }

    boolean isServerAddress(int address) {
        int[] a = addresses;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == address) {
                return true;
            }
        }
        return false;
    }

    /** True when a packet of {@code protocol} from address:port may come from {@code rs} (port 0: any). */
    static boolean matches(RealServer rs, int protocol, int address, int port) {
        return rs.address() == address && (rs.port() == port || rs.port() == 0)
                && rs.service().protocol().number() == protocol;
    }

    /** The service's port, or for a port-0 (all ports) service the one the server answered from. */
    static int virtualPort(RealServer rs, int serverPort) {
        int port = rs.service().port();
        return port != 0 ? port : serverPort;
    }
}
