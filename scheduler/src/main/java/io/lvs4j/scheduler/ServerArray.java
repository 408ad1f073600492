package io.lvs4j.scheduler;

import java.util.List;

/**
 * A scheduler's own copy of its service's server list as an array, in list order, so that
 * schedule() walks it without iterators or allocation. Rebuilt on the control path only.
 */
final class ServerArray {
    private static final RealServer[] EMPTY = new RealServer[0];

    private ServerArray() {
    }

    static RealServer[] of(VirtualService service) {
        List<RealServer> servers = service.servers();
        return servers.isEmpty() ? EMPTY : servers.toArray(EMPTY);
    }

    /** Greatest common divisor of two positive ints (Euclid, like the kernel's gcd()). */
    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The kernel's hash_32(): multiply by GOLDEN_RATIO_32 and keep the top {@code bits} bits. */
    static int hash32(int value, int bits) {
        return (value * 0x61C88647) >>> (32 - bits);
    }
}
