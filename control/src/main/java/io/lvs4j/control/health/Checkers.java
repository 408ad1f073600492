package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CheckerConfig;
import io.lvs4j.control.keepalived.HttpCheckConfig;
import io.lvs4j.control.keepalived.MiscCheckConfig;
import io.lvs4j.control.keepalived.TcpCheckConfig;

/** The checker for a parsed checker block. */
final class Checkers {
    private Checkers() {
    }

    static Checker create(CheckerConfig config) {
        if (config instanceof TcpCheckConfig tcp) {
            return new TcpChecker(tcp);
        }
        if (config instanceof HttpCheckConfig http) {
            return new HttpChecker(http);
        }
        if (config instanceof MiscCheckConfig misc) {
            return new MiscChecker(misc);
        }
        throw new IllegalArgumentException("no checker for " + config.keyword());
    }
}
