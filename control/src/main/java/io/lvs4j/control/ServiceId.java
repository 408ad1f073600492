package io.lvs4j.control;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.scheduler.Protocol;

/** A virtual service as -t/-u name it: protocol, VIP (numeric big-endian) and port (0..65535). */
public record ServiceId(Protocol protocol, int address, int port) {
    public ServiceId {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
    }

    /** "10.0.0.1:80", as ipvsadm -n prints it. */
    @Override
    public String toString() {
        return Ipv4Address.toString(address) + ":" + port;
    }
}
