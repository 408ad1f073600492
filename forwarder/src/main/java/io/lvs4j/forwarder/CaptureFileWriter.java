package io.lvs4j.forwarder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic pcap file (see {@link CaptureFileReader}): Ethernet, little-endian (as tcpdump
 * writes on x86), microsecond or nanosecond timestamps. As the director's {@link FrameSink} in
 * offline replay it records every frame the director sends, stamped with the time set by
 * {@link #timestamp} (the capture time of the frame that caused it). Records go through one reused
 * buffer: nothing is allocated per frame. Not thread-safe.
 */
public final class CaptureFileWriter implements FrameSink, AutoCloseable {
    private static final int BUFFER_SIZE = 1 << 20;

    private final String name;
    private final FileChannel channel;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteBuffer view = ByteBuffer.wrap(buffer);
    private int used;
    private long seconds;
    private int fraction;
    private long frames;

    private CaptureFileWriter(String name, FileChannel channel) {
        this.name = name;
        this.channel = channel;
    }

    /**
     * Creates (or truncates) {@code file} and writes the file header.
     *
     * @param nanosecond nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds
     * @throws DirectorException one line naming the file when it cannot be written
     */
    public static CaptureFileWriter create(Path file, boolean nanosecond) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw new DirectorException("cannot write " + file + ": " + reason(e));
        }
        CaptureFileWriter w = new CaptureFileWriter(file.toString(), ch);
        w.put32(nanosecond ? CaptureFileReader.MAGIC_NANOSECONDS : CaptureFileReader.MAGIC_MICROSECONDS);
        w.put16(2);
        w.put16(4);
        w.put32(0); // thiszone: timestamps are UTC
        w.put32(0); // sigfigs
        w.put32(CaptureFileReader.MAX_RECORD_LENGTH);
        w.put32(CaptureFileReader.LINKTYPE_ETHERNET);
        return w;
    }

    /** The timestamp of the frames sent from now on (seconds since the epoch, and µs or ns as the file's). */
    public void timestamp(long seconds, int fraction) {
        this.seconds = seconds;
        this.fraction = fraction;
    }

    /** Appends one record; an I/O error stops the replay (DirectorException naming the file). */
    @Override
    public boolean send(byte[] frame, int length) {
        if (BUFFER_SIZE - used < CaptureFileReader.RECORD_HEADER_LENGTH + length) {
            flush();
        }
        put32((int) seconds);
        put32(fraction);
        put32(length);
        put32(length);
        System.arraycopy(frame, 0, buffer, used, length);
        used += length;
        frames++;
        return true;
    }

    /** Frames written. */
    public long frames() {
        return frames;
    }

    /** Writes what is buffered to the file. */
    public void flush() {
        try {
            view.limit(used).position(0);
            while (view.hasRemaining()) {
                channel.write(view);
            }
            used = 0;
        } catch (IOException e) {
            throw new DirectorException("cannot write " + name + ": " + reason(e));
        }
    }

    /** Flushes and closes; a failure to write the rest is a DirectorException. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new DirectorException("cannot write " + name + ": " + reason(e));
            }
        }
    }

    private void put32(int v) {
        buffer[used] = (byte) v;
        buffer[used + 1] = (byte) (v >>> 8);
        buffer[used + 2] = (byte) (v >>> 16);
        buffer[used + 3] = (byte) (v >>> 24);
        used += 4;
    }

    private void put16(int v) {
        buffer[used] = (byte) v;
        buffer[used + 1] = (byte) (v >>> 8);
        used += 2;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}
