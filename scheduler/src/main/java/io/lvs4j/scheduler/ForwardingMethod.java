package io.lvs4j.scheduler;

/** How the director hands a packet to a real server (the kernel's IP_VS_CONN_F_FWD_MASK values). */
public enum ForwardingMethod {
    /** Direct routing: only the destination MAC changes. */
    ROUTE,
    /** IP-in-IP tunnelling (RFC 2003). */
    TUNNEL,
    /** NAT: accepted in rules for completeness of the model, refused by the forwarder. */
    MASQ
}
