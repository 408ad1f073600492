package io.lvs4j.scheduler;

/**
 * Told of every client→server packet the connection table dispatched (connection sync's master
 * side: ip_vs_in's call of ip_vs_sync_conn). Runs on the datapath thread inside
 * {@link ConnectionTable#dispatch}: it must not allocate, lock or block.
 */
@FunctionalInterface
public interface ConnectionObserver {
    /**
     * @param slot     the entry's slot (stable while the entry lives; reused after it ends)
     * @param created  true when this packet created the entry (so per-slot counts restart)
     * @param state    the TCP state after the packet (NONE for UDP)
     * @param oldState the TCP state before it (NONE for a new entry)
     */
    void dispatched(int slot, boolean created, VirtualService service, int clientAddress, int clientPort,
                    int virtualAddress, int virtualPort, RealServer server, TcpState state, TcpState oldState,
                    long nowMillis);
}
