package io.lvs4j.forwarder;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.VirtualService;

/** The outer source address of IPIP packets: TUN servers cannot be reached without one. */
public final class TunnelSource {
    private TunnelSource() {
    }

    /**
     * Refuses a director with TUN servers and no outer source address.
     *
     * @param source the outer source, 0 for none
     * @param remedy how the user gives one, for the message
     */
    public static void require(ServiceTable services, int source, String remedy) {
        if (source == 0 && hasTunnelServers(services)) {
            throw new DirectorException("TUN servers need an outer source address: " + remedy);
        }
    }

    private static boolean hasTunnelServers(ServiceTable services) {
        for (VirtualService svc : services.services()) {
            for (RealServer rs : svc.servers()) {
                if (rs.method() == ForwardingMethod.TUNNEL) {
                    return true;
                }
            }
        }
        return false;
    }
}
