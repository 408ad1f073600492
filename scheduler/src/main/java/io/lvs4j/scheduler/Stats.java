package io.lvs4j.scheduler;

/**
 * IPVS's per-service and per-server counters. Written only by the datapath thread that owns the
 * service; others read them through that thread (see the forwarder's control queue), so plain
 * fields are enough. OutPkts/OutBytes stay 0 in DR and TUN, as in IPVS: replies bypass us; NAT counts them.
 */
public final class Stats {
    public long connections;
    public long inPackets;
    public long inBytes;
    public long outPackets;
    public long outBytes;

    public void count(int bytes) {
        inPackets++;
        inBytes += bytes;
    }

    /** A NAT reply, server → client. */
    public void countOut(int bytes) {
        outPackets++;
        outBytes += bytes;
    }

    public void zero() {
        connections = inPackets = inBytes = outPackets = outBytes = 0;
    }
}
