package io.lvs4j.cli.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' own classic-pcap writer and reader, written from the format description and kept
 * apart from the production CaptureFile classes, so the replay tests check those too.
 */
final class Pcap {
    private Pcap() {
    }

    /** One record: timestamp (seconds, µs or ns as the file's) and the frame. */
    record Record(long seconds, int fraction, byte[] frame) {
    }

    /** A file's resolution and records. */
    record File(boolean nanosecond, int linkType, List<Record> records) {
    }

    static void write(Path path, List<Record> records, ByteOrder order, boolean nanosecond, int linkType)
            throws IOException {
        int size = 24;
        for (Record r : records) {
            size += 16 + r.frame().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        b.putInt(nanosecond ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(262144).putInt(linkType);
        for (Record r : records) {
            b.putInt((int) r.seconds()).putInt(r.fraction()).putInt(r.frame().length).putInt(r.frame().length)
                    .put(r.frame());
        }
        Files.write(path, b.array());
    }

    static File read(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        boolean nanos = magic == 0xa1b23c4d;
        if (!nanos && magic != 0xa1b2c3d4) {
            throw new IOException(path + ": not pcap");
        }
        int link = b.getInt(20);
        b.position(24);
        List<Record> records = new ArrayList<>();
        while (b.remaining() >= 16) {
            long sec = b.getInt() & 0xffffffffL;
            int frac = b.getInt();
            int caplen = b.getInt();
            int len = b.getInt();
            if (len != caplen) {
                throw new IOException(path + ": written frame with caplen " + caplen + " != len " + len);
            }
            byte[] f = new byte[caplen];
            b.get(f);
            records.add(new Record(sec, frac, f));
        }
        if (b.hasRemaining()) {
            throw new IOException(path + ": " + b.remaining() + " stray bytes at the end");
        }
        return new File(nanos, link, records);
    }
}
