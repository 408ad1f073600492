package io.lvs4j.scheduler;

/** How the director hands a packet to a real server (the kernel's IP_VS_CONN_F_FWD_MASK values). */
public enum ForwardingMethod {
    /** Direct routing: only the destination MAC changes. */
    ROUTE,
    /** IP-in-IP tunnelling (RFC 2003). */
    TUNNEL,
    /** NAT (masquerading): destination rewritten to the server, its replies rewritten back through us. */
    MASQ
}
