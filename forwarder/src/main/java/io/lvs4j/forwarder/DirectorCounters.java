package io.lvs4j.forwarder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the director did with every frame it saw, by outcome. Every frame lands in exactly one
 * of the "frame" counters, so a drop is never silent. Written by the capture thread only.
 */
public final class DirectorCounters {
    public long frames;
    public long malformed;
    /** Longer than the snapshot length (MTU + 22): GRO/LRO is on where it must be off. */
    public long truncated;
    public long ownFrames;
    public long notForUs;
    public long unsupported;
    public long arpSeen;
    public long arpAnswered;
    public long notVirtual;
    public long noService;
    public long fragments;
    public long noDestination;
    public long noNeighbour;
    public long forwardedRoute;
    public long forwardedTunnel;
    /** Outer IPIP fragments sent for tunnelled packets without DF that exceeded the MTU. */
    public long tunnelFragments;
    /** Too big with DF: the client was told the MTU (and the packet dropped, as a router does). */
    public long icmpFragmentationNeeded;
    public long icmpRateLimited;
    public long sendErrors;
    /** Frames whose handling threw (a bug): dropped, so the capture loop goes on. */
    public long internalErrors;
    /** Every ARP frame we sent: answers for VIPs, requests for real servers, gratuitous ARP. */
    public long arpSent;
    /** Strict validation of packets to a VIP and the MTU rule for DR (issue 11). */
    public final Validation validation = new Validation();

    /** The drops of the strict validation rules, one counter each, and DR's fragments. */
    public static final class Validation {
        public long badIpChecksum;
        public long ttlZero;
        /** Source 0/8, 127/8, 224/4, 240/4 or a VIP: no client sends from there. */
        public long martianSource;
        /** TCP header length (data offset × 4) beyond the IP payload. */
        public long tcpOffsetBeyondPacket;
        /** UDP length field longer than the IP payload, or shorter than the UDP header. */
        public long udpBadLength;
        /** Too big for the MTU, no DF, and IP options (not fragmented): dropped. */
        public long tooBigWithOptions;
        /** IP fragments sent for DR packets without DF that exceeded the MTU. */
        public long routeFragments;

        void putInto(Map<String, Long> m) {
            m.put("dropped: bad IPv4 header checksum", badIpChecksum);
            m.put("dropped: TTL 0", ttlZero);
            m.put("dropped: martian source", martianSource);
            m.put("dropped: TCP data offset beyond the packet", tcpOffsetBeyondPacket);
            m.put("dropped: UDP length beyond the packet", udpBadLength);
            m.put("dropped: too big, IP options, no DF", tooBigWithOptions);
            m.put("route fragments sent", routeFragments);
        }
    }

    /** Name → value, in a fixed order, for the summary and the tests. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("forwarded (route)", forwardedRoute);
        m.put("forwarded (tunnel)", forwardedTunnel);
        m.put("tunnel fragments sent", tunnelFragments);
        m.put("dropped: too big, icmp fragmentation-needed sent", icmpFragmentationNeeded);
        m.put("dropped: too big, icmp rate-limited", icmpRateLimited);
        m.put("arp seen", arpSeen);
        m.put("arp answered for VIPs", arpAnswered);
        m.put("arp sent", arpSent);
        m.put("dropped: malformed", malformed);
        m.put("dropped: longer than the MTU (GRO on?)", truncated);
        m.put("dropped: our own frame", ownFrames);
        m.put("dropped: not addressed to us", notForUs);
        m.put("dropped: unsupported type", unsupported);
        m.put("dropped: not to a VIP", notVirtual);
        m.put("dropped: no such service", noService);
        m.put("dropped: fragment", fragments);
        m.put("dropped: no destination / not SYN / table full", noDestination);
        m.put("dropped: real server MAC unknown", noNeighbour);
        m.put("send errors", sendErrors);
        m.put("dropped: internal error", internalErrors);
        validation.putInto(m);
        return m;
    }
}
