package io.lvs4j.control.keepalived;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import java.time.Duration;
import java.util.List;

/**
 * A {@code virtual_server} block, for one address or for every entry of a virtual_server_group.
 *
 * @param name how keepalived would name it: {@code 10.0.0.1 80} or {@code group NAME}
 * @param addresses the service addresses (one, or the group's entries expanded)
 * @param persistenceTimeout seconds, 0 for none
 * @param persistenceGranularity netmask for persistence, e.g. 255.255.255.0, or null
 * @param sorryServer used when every real server is down, or null
 * @param quorum the total weight of live real servers needed for the service to be up
 * @param quorumUp program run when the quorum is gained, as written (null: none)
 */
public record VirtualServer(String name, List<Endpoint> addresses, Protocol protocol, String scheduler,
                            ForwardingMethod method, int persistenceTimeout, String persistenceGranularity,
                            Duration delayLoop, boolean haSuspend, Endpoint sorryServer, int quorum,
                            int hysteresis, String quorumUp, String quorumDown, List<RealServer> realServers) {
}
