package io.lvs4j.cli.lab;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tcpdump in one lab namespace writing a pcap file, and a reader for what it caught. */
final class Capture implements AutoCloseable {
    private final Process process;
    private final Path file;
    private final Path err;

    private Capture(Process process, Path file, Path err) {
        this.process = process;
        this.file = file;
        this.err = err;
    }

    /**
     * Starts tcpdump on eth0 of {@code host}; direction "in", "out" or "inout". Immediate mode:
     * otherwise libpcap hands frames over in blocks, and those of the last second are lost when
     * tcpdump is stopped. A 32 MB kernel buffer (-B): with the default 2 MB, tcpdump writing
     * frame by frame falls behind a burst such as ab -c 100 and the kernel drops frames for it
     * (see {@link #droppedByKernel()}).
     */
    static Capture start(Lab lab, String host, String direction, String filter) throws IOException {
        Path dir = Files.createTempDirectory("lvs4j-capture");
        Path file = dir.resolve(host + ".pcap");
        Path err = dir.resolve("tcpdump.err");
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.ns(host), "tcpdump", "-i", "eth0", "-n", "-U", "--immediate-mode",
                "-B", "32768", "-s", "0", "-Q", direction, "-w", file.toString(), filter)
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Capture c = new Capture(p, file, err);
        if (!Shell.await(30_000, () -> !p.isAlive() || c.stderr().contains("listening on"))) {
            c.close();
            throw new AssertionError("tcpdump did not start: " + c.stderr());
        }
        if (!p.isAlive()) {
            throw new AssertionError("tcpdump failed: " + c.stderr());
        }
        return c;
    }

    private String stderr() {
        try {
            return Files.readString(err);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Stops tcpdump once the exchange is over and returns the frames it captured, in order. Over
     * means its file (flushed frame by frame, -U) has not grown for a second: a fixed pause is
     * not enough for a tcpdump that a busy machine leaves waiting, and a stopped tcpdump drops
     * what it has not written yet.
     */
    List<byte[]> frames() throws IOException, InterruptedException {
        awaitQuiet(1_000, 60_000);
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        return read(file);
    }

    /** Waits until the file has not grown for {@code quietMillis}, at most {@code maxMillis}. */
    private void awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + maxMillis;
        long size = -1;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < end && process.isAlive()) {
            long now = file.toFile().length();
            if (now != size) {
                size = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since >= quietMillis) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Frames written so far, tcpdump still running (a frame being written is not counted). */
    int count() {
        try {
            return read(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * After {@link #frames()}: the frames the kernel dropped because tcpdump fell behind (its
     * "N packets dropped by kernel" at exit), or -1 when it did not say. Non-zero means the
     * capture is incomplete and cannot be compared with a counter.
     */
    long droppedByKernel() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) packets? dropped by kernel")
                .matcher(stderr());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Reads a classic pcap file (microsecond or nanosecond, either byte order). */
    static List<byte[]> read(Path pcap) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(pcap))) {
            byte[] global = new byte[24];
            in.readFully(global);
            int magic = ByteBuffer.wrap(global, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            ByteOrder order = (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            byte[] record = new byte[16];
            while (true) {
                try {
                    in.readFully(record);
                } catch (EOFException e) {
                    break;
                }
                int caplen = ByteBuffer.wrap(record, 8, 4).order(order).getInt();
                byte[] frame = new byte[caplen];
                try {
                    in.readFully(frame);
                } catch (EOFException e) {
                    break; // read while tcpdump writes: the last frame is not whole yet
                }
                frames.add(frame);
            }
        }
        return frames;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
