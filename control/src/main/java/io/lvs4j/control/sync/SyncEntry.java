package io.lvs4j.control.sync;

/**
 * One connection or persistence template in a sync message (the kernel's struct ip_vs_sync_v4),
 * in host order.
 *
 * @param protocol       IP protocol number (6 TCP, 17 UDP)
 * @param flags          IP_VS_CONN_F_* bits (forwarding method, {@link SyncMessage#F_TEMPLATE}, …)
 * @param state          IP_VS_TCP_S_* for TCP (lvs4j's TcpState ordinals are the same numbers), 0 otherwise
 * @param timeoutSeconds the entry's timeout on the master (0: the backup's own for the state)
 */
public record SyncEntry(int protocol, int flags, int state, int clientPort, int virtualPort, int serverPort,
                        int fwmark, int timeoutSeconds, int clientAddress, int virtualAddress, int serverAddress) {

    public boolean template() {
        return (flags & SyncMessage.F_TEMPLATE) != 0;
    }
}
