package io.lvs4j.cli.replay;

import static io.lvs4j.cli.replay.Replayer.RS1;
import static io.lvs4j.cli.replay.Replayer.RS2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random-source SYN flood against a table of 100 000 entries (issue 11): 2 000 000 SYNs from
 * 2 000 000 different sources at 100 000 a second of capture time. Before the SYN-flood defence
 * the table filled with SYN_RECV entries after one second and every later client was refused
 * ("table full 1900001"). Now each new SYN takes the slot of the oldest embryonic entry: a client
 * established before the flood, one that connects in the middle of it and one that connects
 * after it get every frame forwarded.
 *
 * <p>The replay runs in its own JVM with a 64 MB heap (a table that grew with the flood would need
 * about 92 MB for its entries alone) and prints its peak heap.
 */
class ReplaySynFloodTest {
    private static final int FLOOD = 2_000_000;
    private static final int TABLE = 100_000;
    /** Flood sources: 20.0.0.0/11, 2^21 addresses, each used once. */
    private static final int FLOOD_NET = 20 << 24;
    private static final int FLOOD_MASK = (1 << 21) - 1;
    private static final String BEFORE = "192.168.50.1";
    private static final String DURING = "192.168.50.2";
    private static final String AFTER = "192.168.50.3";
    private static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aFloodOfRandomSourceSynsEvictsOnlyEmbryonicEntriesAndEveryRealClientIsServed() throws Exception {
        Path in = dir.resolve("flood.pcap");
        Path out = dir.resolve("out.pcap");
        Path rules = dir.resolve("rules");
        Files.writeString(rules, Replayer.rules("-s rr", RS1, 1, RS2, 1));
        Map<String, Integer> sentByClient = writeCapture(in);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), FloodReplayMain.class.getName(),
                "run", "--read", in.toString(), "--write", out.toString(), "-f", rules.toString(),
                "--max-connections", String.valueOf(TABLE)));
        cmd.addAll(Replayer.neigh(RS1, RS2));
        Path stdout = dir.resolve("stdout");
        Path stderr = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("replay did not finish in 10 minutes");
        }
        String summary = Files.readString(stdout);
        assertEquals(0, p.exitValue(), "exit code (an OutOfMemoryError in 64 MB would be 1); stdout:\n" + summary
                + "\nstderr:\n" + Files.readString(stderr));
        System.out.print(summary);

        Map<String, Integer> forwarded = new HashMap<>();
        long forwardedFlood = countForwarded(out, forwarded);
        assertEquals(sentByClient, forwarded, "segments of the real clients forwarded (client → count)");
        assertEquals(FLOOD, forwardedFlood, "every flood SYN found a slot (by evicting an older one)");

        // At the end the table is full: BEFORE, DURING, AFTER and 99 997 flood entries (none has
        // expired: at 100 000 SYNs a second each is evicted about 1 s after its SYN). So every other
        // flood SYN cost one embryonic entry, and nothing had to be refused.
        long evictedEmbryonic = FLOOD - (TABLE - 3);
        assertTrue(summary.contains("connections: " + TABLE + " tracked; dropped: no destination 0, not SYN 0,"
                + " table full 0, server removed 0; evicted: embryonic " + evictedEmbryonic + ", inactive 0;"),
                summary);
        // bounded by construction: the replay above finished inside -Xmx64m; this is its peak
        assertTrue(Pattern.compile("peak heap used: \\d+ MB").matcher(summary).find(), summary);
    }

    /**
     * The capture, one second = 100 000 flood SYNs: BEFORE connects at 0 s and stays established;
     * the flood runs from 1 s to 21 s; DURING connects at 11 s with 1 000 flood SYNs between each
     * of its segments; AFTER connects at 21.5 s and BEFORE sends its request then.
     *
     * @return client address → segments it sent
     */
    private Map<String, Integer> writeCapture(Path file) throws IOException {
        Map<String, Integer> sent = new HashMap<>();
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            FrameWriter w = new FrameWriter(os);
            w.clientSegment(BEFORE, 40001, 0, sent);
            w.micros = 1000;
            w.clientSegment(BEFORE, 40001, 1, sent);
            int duringSegment = 0;
            for (int i = 0; i < FLOOD; i++) {
                w.micros = 1_000_000L + i * 10L;
                if (i >= 1_000_000 && i % 1000 == 0 && duringSegment < 4) {
                    w.clientSegment(DURING, 40002, duringSegment++, sent);
                }
                int source = FLOOD_NET | (i * 0x9E3779B1 & FLOOD_MASK); // odd multiplier: a bijection mod 2^21
                w.segment(source, 1024 + (i * 7919 & 0x7fff), Traffic.SYN, new byte[0]);
            }
            w.micros = 21_500_000;
            w.clientSegment(BEFORE, 40001, 2, sent);
            w.clientSegment(AFTER, 40003, 0, sent);
            w.clientSegment(AFTER, 40003, 1, sent);
            w.clientSegment(AFTER, 40003, 2, sent);
            w.clientSegment(AFTER, 40003, 3, sent);
            w.clientSegment(BEFORE, 40001, 3, sent);
        }
        return sent;
    }

    /** Counts forwarded TCP segments by client (the real ones) and returns the number of flood SYNs. */
    private static long countForwarded(Path file, Map<String, Integer> byClient) throws IOException {
        long flood = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            byte[] header = new byte[24];
            in.readFully(header);
            ByteOrder order = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 0xa1b2c3d4
                    || ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 0xa1b23c4d
                    ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            byte[] record = new byte[16];
            byte[] frame = new byte[65536];
            while (readRecord(in, record)) {
                int caplen = ByteBuffer.wrap(record).order(order).getInt(8);
                in.readFully(frame, 0, caplen);
                if (Traffic.get16(frame, 12) != 0x0800 || frame[23] != 6) {
                    continue;
                }
                int source = Traffic.get32(frame, 26);
                if ((source & ~FLOOD_MASK) == FLOOD_NET) {
                    flood++;
                } else {
                    byClient.merge(Traffic.ipText(source), 1, Integer::sum);
                }
            }
        }
        return flood;
    }

    private static boolean readRecord(InputStream in, byte[] record) throws IOException {
        int n = in.readNBytes(record, 0, record.length);
        if (n == 0) {
            return false;
        }
        if (n < record.length) {
            throw new EOFException("record header cut short");
        }
        return true;
    }

    /** Client→VIP:80 TCP frames with valid checksums, streamed into a classic pcap (µs, little-endian). */
    private static final class FrameWriter {
        private final OutputStream os;
        private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        private final long directorMac = Traffic.mac(Traffic.CAPTURED_DIRECTOR_MAC);
        private final long routerMac = Traffic.mac(Traffic.ROUTER_MAC);
        private final int vip = Traffic.ip(Traffic.VIP);
        long micros;
        private int id;

        FrameWriter(OutputStream os) throws IOException {
            this.os = os;
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
                    .putInt(1);
            os.write(h.array());
        }

        /** The n-th segment of a short connection: SYN, ACK, request (PSH+ACK), FIN+ACK. */
        void clientSegment(String client, int port, int n, Map<String, Integer> sent) throws IOException {
            int flags = switch (n) {
                case 0 -> Traffic.SYN;
                case 1 -> Traffic.ACK;
                case 2 -> 0x08 | Traffic.ACK;
                default -> Traffic.FIN | Traffic.ACK;
            };
            segment(Traffic.ip(client), port, flags, n == 2 ? REQUEST : new byte[0]);
            sent.merge(client, 1, Integer::sum);
        }

        void segment(int client, int port, int flags, byte[] payload) throws IOException {
            int ipLength = 40 + payload.length;
            byte[] f = new byte[14 + ipLength];
            Traffic.putMac(f, 0, directorMac);
            Traffic.putMac(f, 6, routerMac);
            Traffic.put16(f, 12, 0x0800);
            int ip = 14;
            f[ip] = 0x45;
            Traffic.put16(f, ip + 2, ipLength);
            Traffic.put16(f, ip + 4, id++ & 0xffff);
            Traffic.put16(f, ip + 6, 0x4000);
            f[ip + 8] = 64;
            f[ip + 9] = 6;
            Traffic.put32(f, ip + 12, client);
            Traffic.put32(f, ip + 16, vip);
            Traffic.put16(f, ip + 10, checksum(f, ip, 20, 0));
            int t = ip + 20;
            Traffic.put16(f, t, port);
            Traffic.put16(f, t + 2, 80);
            Traffic.put32(f, t + 4, 1000 + port);
            Traffic.put32(f, t + 8, (flags & Traffic.ACK) != 0 ? 1 : 0);
            f[t + 12] = 0x50;
            f[t + 13] = (byte) flags;
            Traffic.put16(f, t + 14, 64240);
            System.arraycopy(payload, 0, f, t + 20, payload.length);
            int pseudo = sum(f, ip + 12, 8, 0) + 6 + 20 + payload.length;
            Traffic.put16(f, t + 16, checksum(f, t, 20 + payload.length, pseudo));
            record.clear();
            record.putInt((int) (Traffic.T0 + micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(f.length).putInt(f.length);
            os.write(record.array());
            os.write(f);
        }

        private static int sum(byte[] b, int off, int len, int initial) {
            int s = initial;
            for (int i = 0; i < len; i += 2) {
                int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
                s += (b[off + i] & 0xff) << 8 | lo;
            }
            return s;
        }

        private static int checksum(byte[] b, int off, int len, int initial) {
            int s = sum(b, off, len, initial);
            while (s >>> 16 != 0) {
                s = (s & 0xffff) + (s >>> 16);
            }
            return ~s & 0xffff;
        }
    }
}
