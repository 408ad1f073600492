package io.lvs4j.control;

import io.lvs4j.packet.Ipv4Address;

/** A real server as -r names it: address (numeric big-endian) and port (0..65535). */
public record ServerId(int address, int port) {
    public ServerId {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
    }

    @Override
    public String toString() {
        return Ipv4Address.toString(address) + ":" + port;
    }
}
