package io.lvs4j.forwarder;

import io.lvs4j.packet.IcmpFragmentationNeeded;

/**
 * ICMP "fragmentation needed" back to the sender of a DF packet too big for the NIC, rate-limited
 * as the kernel limits its own ICMP errors (icmp_ratelimit): one limiter for the director, shared
 * by DR and TUN. The packet itself is dropped by the caller.
 */
final class IcmpTooBig {
    /** At most this many ICMP errors a second. */
    static final int ICMP_PER_SECOND = 1000;

    private final FrameSink out;
    private final long ourMac;
    private final DirectorCounters counters;
    /** The largest error is 110 bytes: Ethernet + IP + ICMP + a quoted 60-byte header + 8. */
    private final byte[] frame = new byte[128];
    private long icmpSecond = Long.MIN_VALUE;
    private int icmpThisSecond;

    IcmpTooBig(FrameSink out, long ourMac, DirectorCounters counters) {
        this.out = out;
        this.ourMac = ourMac;
        this.counters = counters;
    }

    /** True when one more error may go out this second; false is counted as rate-limited. */
    boolean admit(long nowMillis) {
        long second = nowMillis / 1000;
        if (second != icmpSecond) {
            icmpSecond = second;
            icmpThisSecond = 0;
        }
        if (++icmpThisSecond > ICMP_PER_SECOND) {
            counters.icmpRateLimited++;
            return false;
        }
        return true;
    }

    /**
     * After {@link #admit}: tells {@code senderMac} (the client or its router) that the packet at
     * {@code rx[ipOff..]} needs {@code nextHopMtu}; counted as sent or as a send error.
     */
    void send(byte[] rx, int ipOff, int ipLen, long senderMac, int fromIp, int nextHopMtu, int identification) {
        int n = IcmpFragmentationNeeded.write(frame, 0, senderMac, ourMac, fromIp, rx, ipOff, ipLen,
                nextHopMtu, identification);
        if (out.send(frame, n)) {
            counters.icmpFragmentationNeeded++;
        } else {
            counters.sendErrors++;
        }
    }
}
