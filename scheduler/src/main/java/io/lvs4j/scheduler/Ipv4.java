package io.lvs4j.scheduler;

/** Formatting of numeric IPv4 addresses for messages (the packet module owns parsing on the wire). */
final class Ipv4 {
    private Ipv4() {
    }

    static String toString(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
