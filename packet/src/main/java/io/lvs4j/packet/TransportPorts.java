package io.lvs4j.packet;

/**
 * Ports without choosing a view: TCP, UDP (and SCTP, UDP-Lite) all start with source then
 * destination port, so a flow key can be read with one code path. Same fragment caveat as the views:
 * only when {@link Ipv4Packet#hasTransportHeader()} and at least 4 bytes of payload are present.
 */
public final class TransportPorts {
    private TransportPorts() {}

    /** True for the protocols whose header starts with the two ports that we load-balance on. */
    public static boolean hasPorts(int protocol) {
        return protocol == Ipv4Packet.PROTO_TCP || protocol == Ipv4Packet.PROTO_UDP;
    }

    public static int sourcePort(byte[] b, int transportOff) {
        return Bytes.u16(b, transportOff);
    }

    public static int destinationPort(byte[] b, int transportOff) {
        return Bytes.u16(b, transportOff + 2);
    }
}
