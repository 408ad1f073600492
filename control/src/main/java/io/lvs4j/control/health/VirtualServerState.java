package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.Endpoint;
import io.lvs4j.control.keepalived.VirtualServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One virtual_server of the running configuration: its real servers' health and whether it has its quorum. */
final class VirtualServerState {
    final VirtualServer vs;
    final Map<Endpoint, RealServerHealth> servers = new LinkedHashMap<>();
    /** keepalived starts a virtual server with its quorum; the first count may take it away. */
    boolean quorumUp = true;

    VirtualServerState(VirtualServer vs) {
        this.vs = vs;
    }

    /** What names a virtual server across reloads: its protocol and how it is written ("10.0.0.1 80", "group web"). */
    static String id(VirtualServer vs) {
        return vs.protocol() + " " + vs.name();
    }

    String id() {
        return id(vs);
    }

    long liveWeight() {
        return DesiredTable.liveWeight(vs, servers::get);
    }

    /** keepalived's hysteresis: the threshold moves away from the current state. */
    boolean hasQuorum() {
        long threshold = quorumUp ? (long) vs.quorum() - vs.hysteresis() : (long) vs.quorum() + vs.hysteresis();
        return liveWeight() >= threshold;
    }

    List<DesiredTable.Service> desired() {
        return DesiredTable.of(vs, servers::get);
    }
}
