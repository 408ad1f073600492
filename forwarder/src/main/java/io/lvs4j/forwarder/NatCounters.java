package io.lvs4j.forwarder;

/** What LVS-NAT did, by outcome; written by the capture thread only. */
public final class NatCounters {
    /** Client packets rewritten to their real server and sent. */
    public long toServer;
    /** Server replies rewritten to come from the VIP and sent to the client's next hop. */
    public long toClient;
    /** ICMP errors from a server about a NAT'ed flow, translated for the client. */
    public long icmpTranslated;
    /** From a NAT server's address but of no connection we know (the kernel would route it): dropped. */
    public long noConnection;
    /** The client's next hop (itself or the gateway) not resolved yet: ARP asked, the reply dropped. */
    public long noClientNeighbour;
    /** An off-link client and no default gateway on the public NIC. */
    public long noRoute;
    /** Longer than the outgoing NIC's MTU: dropped (a client's DF packet draws ICMP fragmentation-needed). */
    public long tooBig;
    /** A reply whose TTL would reach 0 on forwarding: dropped, as a router does. */
    public long ttlExpired;
    /** Fragmented replies (the kernel defragments them first; lvs4j does not): dropped. */
    public long fragments;
    /** Replies with a bad IP checksum, a cut transport header or an unusable ICMP quote. */
    public long malformed;
    /** Other protocols, or ICMP that is not an error about a TCP/UDP flow. */
    public long unsupported;
    /** Frames seen on the private NIC (two-NIC mode), whatever became of them. */
    public long privateFrames;
    public long sendErrors;

    /** "  nat: to servers N, to clients N, …" with the non-zero counters and a newline; "" when NAT did nothing. */
    public String summaryLine() {
        String[] names = {"to servers", "to clients", "icmp translated", "no connection", "no client neighbour",
                "no route", "too big", "ttl expired", "fragments", "malformed", "unsupported", "private frames",
                "send errors"};
        long[] values = {toServer, toClient, icmpTranslated, noConnection, noClientNeighbour, noRoute, tooBig,
                ttlExpired, fragments, malformed, unsupported, privateFrames, sendErrors};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (values[i] != 0) {
                sb.append(sb.length() == 0 ? "  nat: " : ", ").append(names[i]).append(' ').append(values[i]);
            }
        }
        return sb.length() == 0 ? "" : sb.append('\n').toString();
    }
}
