package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.RealServer;
import io.lvs4j.control.keepalived.VirtualServer;

/** Which real server of which virtual server a health report is about. */
public record RealServerKey(VirtualServer virtualServer, RealServer realServer) {
    @Override
    public String toString() {
        return virtualServer.protocol() + " " + virtualServer.name() + " -> " + realServer.endpoint();
    }
}
