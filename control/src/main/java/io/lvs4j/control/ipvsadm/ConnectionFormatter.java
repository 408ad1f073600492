package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.ipvsadm.IpvsadmCommand.ListOption;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.TcpState;
import java.util.Set;

/**
 * ipvsadm -Lc: the connection table as ipvsadm prints /proc/net/ip_vs_conn — protocol, time to
 * expiry as mm:ss, state, client, virtual and real server addresses; persistence templates
 * appear with client port 0 and state NONE (TCP) or UDP. Rows come in table order, as the
 * kernel's come in hash order. Addresses are numeric with or without -n.
 */
final class ConnectionFormatter {
    private ConnectionFormatter() {
    }

    static String list(ConnectionTable table, Set<ListOption> options) {
        StringBuilder out = new StringBuilder("IPVS connection entries\n");
        if (options.contains(ListOption.PERSISTENT_CONN)) {
            out.append(String.format("pro expire %-11s %-18s %-18s %-18s %-16s %s\n",
                    "state", "source", "virtual", "destination", "pe name", "pe_data"));
        } else {
            out.append(String.format("pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual", "destination"));
        }
        table.forEach((protocol, client, clientPort, vip, vport, server, state, remainingMillis, template) -> {
            long seconds = remainingMillis / 1000; // the kernel truncates to whole seconds
            String expire = String.format("%02d:%02d", seconds / 60, seconds % 60);
            out.append(String.format("%-3s %-6s %-11s %-18s %-18s %s\n", protocol.name(), expire,
                    TcpState.listName(protocol, state), ListFormatter.address(client, clientPort),
                    ListFormatter.address(vip, vport), ListFormatter.address(server.address(), server.port())));
        });
        return out.toString();
    }
}
