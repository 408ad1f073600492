package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CheckOptions;
import io.lvs4j.control.keepalived.Endpoint;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** Check options aimed at a port on 127.0.0.1. */
final class Loopback {
    static final Inet4Address ADDRESS = address("127.0.0.1");

    private Loopback() {
    }

    static Inet4Address address(String ip) {
        try {
            return (Inet4Address) InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static CheckOptions options(int port, Duration timeout) {
        return options(port, timeout, null);
    }

    static CheckOptions options(int port, Duration timeout, Inet4Address bindTo) {
        return new CheckOptions(new Endpoint(ADDRESS, port), bindTo, timeout, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ZERO, false);
    }

    /** A port nothing listens on: bound once, then released. */
    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, ADDRESS)) {
            return s.getLocalPort();
        }
    }
}
