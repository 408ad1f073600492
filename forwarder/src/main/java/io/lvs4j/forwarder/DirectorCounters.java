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
    /** Every ARP frame we sent: answers for VIPs, requests for real servers, gratuitous ARP. */
    public long arpSent;

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
        return m;
    }
}
