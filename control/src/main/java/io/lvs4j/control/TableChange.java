package io.lvs4j.control;

/**
 * One change to the director's tables: what every caller (ipvsadm, the rules file at start, a
 * health check, keepalived.conf, connection sync) hands to {@link ControlPlane#apply}.
 */
public sealed interface TableChange {
    /** ipvsadm -A. */
    record AddService(ServiceId service, ServiceSettings settings) implements TableChange {
    }

    /** ipvsadm -E: every setting replaced; the scheduler's state is kept when it stays the same. */
    record EditService(ServiceId service, ServiceSettings settings) implements TableChange {
    }

    /** ipvsadm -D. */
    record DeleteService(ServiceId service) implements TableChange {
    }

    /** ipvsadm -C: every service goes. */
    record Clear() implements TableChange {
    }

    /** ipvsadm -a. */
    record AddServer(ServiceId service, ServerId server, ServerSettings settings) implements TableChange {
    }

    /** ipvsadm -e: every setting replaced; the server keeps its place and its connections. */
    record EditServer(ServiceId service, ServerId server, ServerSettings settings) implements TableChange {
    }

    /** A new weight, the other settings kept (a health check's quiesce is weight 0). */
    record SetWeight(ServiceId service, ServerId server, int weight) implements TableChange {
    }

    /**
     * ipvsadm -d: the server's connections are dropped on their next packet. With {@code keepFlows}
     * (a health check taking the server out, unless run --expire-nodest-conn) its established
     * connections go on to it until they end or time out; new ones never go there.
     */
    record DeleteServer(ServiceId service, ServerId server, boolean keepFlows) implements TableChange {
        /** ipvsadm -d. */
        public DeleteServer(ServiceId service, ServerId server) {
            this(service, server, false);
        }
    }

    /** ipvsadm -Z: one service's counters and rates, or every service's when {@code service} is null. */
    record Zero(ServiceId service) implements TableChange {
    }

    /** ipvsadm --set: TCP established, TCP FIN_WAIT and UDP timeouts in seconds; 0 keeps a value. */
    record SetTimeouts(int tcp, int tcpFin, int udp) implements TableChange {
    }
}
