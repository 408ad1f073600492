package io.lvs4j.scheduler;

/** Receives each entry of the connection table (ipvsadm -Lnc). */
@FunctionalInterface
public interface ConnectionVisitor {
    /**
     * @param state the TCP state; NONE for templates and UDP entries (print
     *              {@link TcpState#listName} for ipvsadm's column, which says "UDP" for UDP)
     * @param remainingMillis time until expiry, from the table's latest clock reading
     * @param template true for a persistence template (client port 0)
     */
    void visit(Protocol protocol, int clientAddress, int clientPort, int virtualAddress,
               int virtualPort, RealServer server, TcpState state, long remainingMillis,
               boolean template);
}
