package io.lvs4j.forwarder;

/**
 * The director's NIC as the capture thread sees it: frames in one at a time, frames out through
 * {@link FrameSink}. Three implementations: {@link PcapPort} (libpcap, portable),
 * {@link RingPort} (AF_PACKET TPACKET_V2 rx ring, batched tx ring) and {@link XdpPort} (AF_XDP).
 * Used by the capture thread only, except {@link #wakeUp}.
 */
public interface FramePort extends FrameSink, AutoCloseable {
    /**
     * Copies the next frame into {@code buffer}. Returns its captured length; 0 when none came
     * within the port's poll timeout or {@link #wakeUp} was called (so the caller can do other
     * work); -1 on an error.
     */
    int next(byte[] buffer);

    /**
     * As {@link #next} without sleeping: the next frame the port already holds, or 0 at once. For
     * a capture thread that spins on the port before it sleeps ({@link CaptureLoop#busyPoll}).
     */
    int nextReady(byte[] buffer);

    /** Has the kernel send the frames batched so far (a port that sends each frame at once has none). */
    void flushSends();

    /** The capture timestamp of the last frame, in microseconds since the epoch. */
    long timestampMicros();

    /** The last frame's length on the wire (may exceed the captured length: the frame must be dropped). */
    int wireLength();

    /** Wakes the capture thread from {@link #next} at once. Any thread. */
    void wakeUp();

    /** Compiles and installs a kernel BPF filter (tcpdump syntax). */
    void setFilter(String expression) throws Exception;

    /**
     * The VIPs now served (sorted), after every change: a port that steers frames in the NIC's
     * driver ({@link XdpPort}) needs them beyond the filter.
     */
    default void setVips(int[] vips) {
    }

    /** The last error text (for the one log line after a failure, not per packet). */
    String lastError();

    /** Frames the kernel dropped because we were too slow, or -1 when unknown. */
    long kernelDrops();

    /** Frames the NIC refused to send. */
    long sendErrors();

    @Override
    void close();
}
