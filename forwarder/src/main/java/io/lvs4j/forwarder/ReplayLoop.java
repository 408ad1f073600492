package io.lvs4j.forwarder;

import io.lvs4j.scheduler.ConnectionTable;

/**
 * Offline replay: the director's datapath over a capture file instead of a NIC. Every frame of the
 * file goes to {@link Director#receive} in file order with its capture timestamp as the clock, so
 * connection timeouts, persistence templates and ARP retries follow capture time; whatever the
 * director sends goes to a {@link CaptureFileWriter} stamped with the timestamp of the frame that
 * caused it (frames sent by timers carry the timestamp of the frame whose arrival ran them).
 *
 * <p>Expiry runs as the live director's 100 ms tick would have run it between two frames (every
 * {@link Director#TICK_MILLIS} of capture time while anything is tracked), then once more at the
 * frame's own timestamp, before the frame is handled. Stepping matters: one catch-up call after a
 * long gap would expire in list order rather than time order, and a persistence template whose
 * last connection expired 50 s earlier would still see it and live on for another 60 s. The
 * extra expiry at the frame's time makes timeouts exact in capture time (live: to the tick).
 * Nothing is allocated per frame here; the writer buffers in place.
 *
 * <p>Use: {@link #start()} (reads the first frame; the director starts at its time), then
 * {@link Director#servicesChanged} and any seeding at that time, then {@link #run}.
 */
public final class ReplayLoop {
    private final CaptureFileReader in;
    private final CaptureFileWriter out;
    private final byte[] frame = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
    private int pending = -1;
    private long firstMillis;
    private long lastMillis;
    private long frames;
    /** Capture time up to which connections have been expired. */
    private long expiredUpTo;

    public ReplayLoop(CaptureFileReader in, CaptureFileWriter out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Reads the first frame and sets the writer's clock to it. Returns the start time in
     * milliseconds: the first frame's timestamp, or 0 (the epoch) for a capture without frames.
     */
    public long start() {
        pending = in.next(frame);
        if (pending < 0) {
            return 0;
        }
        out.timestamp(in.seconds(), in.fraction());
        firstMillis = in.millis();
        lastMillis = firstMillis;
        expiredUpTo = firstMillis;
        return firstMillis;
    }

    /**
     * Feeds the director every frame of the file; returns how many. A frame the live director
     * could not have seen whole goes to {@link Director#receiveTruncated}, as in the capture loop:
     * one the capture itself cut short (its snap length), or one longer than the live snap length
     * (MTU + {@link PcapPort#FRAME_OVERHEAD}: GRO/LRO was on where the capture was taken).
     */
    public long run(Director director) {
        long liveSnapLength = director.nic().mtu() + (long) PcapPort.FRAME_OVERHEAD;
        int n = pending;
        pending = -1;
        while (n >= 0) {
            long now = in.millis();
            out.timestamp(in.seconds(), in.fraction());
            expireUpTo(director.connections(), now);
            long wire = Math.max(n, Integer.toUnsignedLong(in.wireLength()));
            if (wire > n || wire > liveSnapLength) {
                director.receiveTruncated(now); // never forward a cut frame
            } else {
                try {
                    director.receive(frame, n, now);
                } catch (RuntimeException e) {
                    director.receiveFailed(e);
                }
            }
            frames++;
            lastMillis = Math.max(lastMillis, now);
            n = in.next(frame);
        }
        return frames;
    }

    /** Expires connections in capture time up to {@code now}: on the live tick's grid, then at {@code now}. */
    private void expireUpTo(ConnectionTable connections, long now) {
        while (expiredUpTo + Director.TICK_MILLIS < now && connections.size() > 0) {
            expiredUpTo += Director.TICK_MILLIS;
            connections.expire(expiredUpTo);
        }
        connections.expire(now);
        expiredUpTo = Math.max(expiredUpTo, now);
    }

    /** The first frame's time (ms since the epoch), 0 for an empty capture. */
    public long firstMillis() {
        return firstMillis;
    }

    /** The latest frame time seen (ms since the epoch). */
    public long lastMillis() {
        return lastMillis;
    }

    /** Capture time from the first frame to the latest, in ms. */
    public long spanMillis() {
        return lastMillis - firstMillis;
    }

    public long frames() {
        return frames;
    }
}
