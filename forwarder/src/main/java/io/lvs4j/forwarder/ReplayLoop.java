package io.lvs4j.forwarder;

/**
 * Offline replay: the director's datapath over a capture file instead of a NIC. Every frame of the
 * file goes to {@link Director#receive} in file order with its capture timestamp as the clock, so
 * connection timeouts, persistence templates and ARP retries follow capture time; whatever the
 * director sends goes to a {@link CaptureFileWriter} stamped with the timestamp of the frame that
 * caused it (frames sent by timers carry the timestamp of the frame whose arrival ran them).
 *
 * <p>One difference from the live loop, on purpose: connections are expired up to each frame's
 * timestamp before the frame is handled, so expiry is exact in capture time (the live director
 * expires on its 100 ms tick). Nothing is allocated per frame here; the writer buffers in place.
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
        return firstMillis;
    }

    /** Feeds the director every frame of the file; returns how many. */
    public long run(Director director) {
        int n = pending;
        pending = -1;
        while (n >= 0) {
            long now = in.millis();
            out.timestamp(in.seconds(), in.fraction());
            director.connections().expire(now);
            director.receive(frame, n, now);
            frames++;
            lastMillis = Math.max(lastMillis, now);
            n = in.next(frame);
        }
        return frames;
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
