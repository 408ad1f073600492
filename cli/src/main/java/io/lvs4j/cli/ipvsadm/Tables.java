package io.lvs4j.cli.ipvsadm;

import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;

/** The director's tables that ipvsadm reads and edits; owned by the datapath thread. */
public record Tables(ServiceTable services, ConnectionTable connections, Timeouts timeouts) {
    public Tables {
        if (services == null || connections == null || timeouts == null) {
            throw new IllegalArgumentException("services, connections and timeouts are required");
        }
    }
}
