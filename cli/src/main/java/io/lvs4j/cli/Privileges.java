package io.lvs4j.cli;

import com.sun.security.auth.module.UnixSystem;
import io.lvs4j.forwarder.DirectorException;

/** Capturing and injecting frames needs root (CAP_NET_RAW and CAP_NET_ADMIN in practice). */
final class Privileges {
    private Privileges() {
    }

    static void requireRoot(String command) {
        if (new UnixSystem().getUid() != 0) {
            throw new DirectorException(command + " needs root (raw capture and injection); try: sudo ./lvs4j " + command + " …");
        }
    }
}
