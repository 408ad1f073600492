package io.lvs4j.control.metrics;

import io.lvs4j.packet.Ipv4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code --metrics ADDR:PORT}: an IPv4 address or a bracketed IPv6 one, never a name (no DNS at
 * start), and a port 1..65535. The address is what is bound: 0.0.0.0 only when written.
 */
public final class MetricsAddress {
    private MetricsAddress() {
    }

    /** @throws IllegalArgumentException naming the value and what is allowed */
    public static InetSocketAddress parse(String value) {
        String usage = "--metrics " + value + ": expected ADDR:PORT, e.g. 127.0.0.1:9100 (ADDR an IPv4 address,"
                + " [IPv6] in brackets, or 0.0.0.0 for every address; PORT 1..65535)";
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(usage);
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(usage);
        }
        try {
            InetAddress address;
            if (host.matches("\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]")) {
                address = InetAddress.getByName(host.substring(1, host.length() - 1)); // a literal: no lookup
            } else if (host.indexOf(':') < 0) {
                int ip = Ipv4Address.parse(host);
                address = InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8),
                    (byte) ip});
            } else {
                throw new IllegalArgumentException(usage);
            }
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new IllegalArgumentException(usage);
        }
    }
}
