package io.lvs4j.control;

import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;

/** The director's tables that the control plane reads and edits; owned by the datapath thread. */
public record Tables(ServiceTable services, ConnectionTable connections, Timeouts timeouts) {
    public Tables {
        if (services == null || connections == null || timeouts == null) {
            throw new IllegalArgumentException("services, connections and timeouts are required");
        }
    }

    /** The service exactly as named, or null (ServiceTable.find would fall back to the VIP's port-0 service). */
    public VirtualService service(ServiceId id) {
        VirtualService svc = services.find(id.protocol(), id.address(), id.port());
        return svc != null && svc.port() == id.port() ? svc : null;
    }
}
