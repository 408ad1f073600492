package io.lvs4j.control.keepalived;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

/** An IPv4 address and port, as keepalived writes them: {@code IP PORT}. */
public record Endpoint(Inet4Address address, int port) {
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + ":" + port;
    }
}
