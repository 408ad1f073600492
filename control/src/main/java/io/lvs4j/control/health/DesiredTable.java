package io.lvs4j.control.health;

import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServerSettings;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.ServiceSettings;
import io.lvs4j.control.keepalived.Endpoint;
import io.lvs4j.control.keepalived.RealServer;
import io.lvs4j.control.keepalived.VirtualServer;
import io.lvs4j.packet.Ipv4Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the table should hold for one virtual server, given each real server's health now: a real
 * server that is up with its weight (misc_dynamic's if it asked for one), a down one absent — or
 * at weight 0 with inhibit_on_failure — and the sorry_server while no real server is up. A
 * virtual_server_group gives one service per member, all with the same servers.
 */
final class DesiredTable {
    /** One service as it should be: its settings and its servers in config order. */
    record Service(ServiceId id, ServiceSettings settings, Map<ServerId, ServerSettings> servers) {
    }

    private DesiredTable() {
    }

    static List<Service> of(VirtualServer vs, Function<Endpoint, RealServerHealth> health) {
        Map<ServerId, ServerSettings> servers = new LinkedHashMap<>();
        boolean anyUp = false;
        for (RealServer rs : vs.realServers()) {
            RealServerHealth h = health.apply(rs.endpoint());
            boolean up = h == null || h.isUp();
            anyUp |= up;
            if (up || rs.inhibitOnFailure()) {
                servers.put(server(rs.endpoint()), new ServerSettings(vs.method(), up && h != null ? h.weight()
                        : up ? rs.weight() : 0, rs.upperThreshold(), rs.lowerThreshold()));
            }
        }
        if (!anyUp && vs.sorryServer() != null) {
            servers.putIfAbsent(server(vs.sorryServer()), ServerSettings.of(vs.method(), 1));
        }
        Map<ServerId, ServerSettings> shared = Collections.unmodifiableMap(servers);
        List<Service> out = new ArrayList<>();
        for (Endpoint e : vs.addresses()) {
            out.add(new Service(service(vs, e), settings(vs), shared));
        }
        return out;
    }

    /** The sum of the live real servers' weights, which keepalived compares with the quorum. */
    static long liveWeight(VirtualServer vs, Function<Endpoint, RealServerHealth> health) {
        long sum = 0;
        for (RealServer rs : vs.realServers()) {
            RealServerHealth h = health.apply(rs.endpoint());
            if (h == null || h.isUp()) {
                sum += h == null ? rs.weight() : h.weight();
            }
        }
        return sum;
    }

    static ServiceId service(VirtualServer vs, Endpoint e) {
        return new ServiceId(vs.protocol(), Ipv4Address.of(e.address()), e.port());
    }

    static ServerId server(Endpoint e) {
        return new ServerId(Ipv4Address.of(e.address()), e.port());
    }

    private static ServiceSettings settings(VirtualServer vs) {
        int mask = vs.persistenceGranularity() == null ? ServiceSettings.NO_NETMASK
                : Ipv4Address.parse(vs.persistenceGranularity());
        return new ServiceSettings(vs.scheduler(), 0, vs.persistenceTimeout(), mask);
    }
}
