package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.packet.ArpPacket;
import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The director over a capture file: capture time is the clock, written frames carry it. */
class ReplayLoopTest {
    static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    record Frame(long seconds, int micros, byte[] bytes) {
    }

    private Director director(FrameSink out) {
        ServiceTable services = new ServiceTable();
        VirtualService svc = new VirtualService(Protocol.TCP, DirectorTest.VIP, 80,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(svc);
        svc.addServer(DirectorTest.RS1, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        svc.addServer(DirectorTest.RS2, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        Nic nic = new Nic("in.pcap", DirectorTest.OUR_MAC, 0, 0, 1500, 0);
        return new Director(nic, out, services, new ConnectionTable(1024, new Timeouts()), true, true, 0);
    }

    private Path input(List<Frame> frames) {
        Path in = dir.resolve("in.pcap");
        try (CaptureFileWriter w = CaptureFileWriter.create(in, false)) {
            for (Frame f : frames) {
                w.timestamp(f.seconds, f.micros);
                w.send(f.bytes, f.bytes.length);
            }
        }
        return in;
    }

    private List<Frame> read(Path p) {
        List<Frame> frames = new ArrayList<>();
        byte[] buf = new byte[CaptureFileReader.MAX_RECORD_LENGTH];
        try (CaptureFileReader r = CaptureFileReader.open(p)) {
            int n;
            while ((n = r.next(buf)) >= 0) {
                frames.add(new Frame(r.seconds(), r.fraction(), java.util.Arrays.copyOf(buf, n)));
            }
        }
        return frames;
    }

    private Director replay(Path in, Path out) {
        try (CaptureFileReader r = CaptureFileReader.open(in); CaptureFileWriter w = CaptureFileWriter.create(out, false)) {
            Director d = director(w);
            ReplayLoop loop = new ReplayLoop(r, w);
            long start = loop.start();
            assertEquals(T0 * 1000 + 250, start);
            d.servicesChanged(start, true);
            d.seedNeighbour(DirectorTest.RS1, DirectorTest.RS1_MAC);
            d.seedNeighbour(DirectorTest.RS2, DirectorTest.RS2_MAC);
            loop.run(d);
            return d;
        }
    }

    @Test
    void startFramesCarryTheFirstTimestampAndForwardedFramesTheirCausesTimestamp() {
        Path in = input(List.of(
                new Frame(T0, 250_000, DirectorTest.tcpFrame(40000, 0x02)),
                new Frame(T0 + 1, 500_001, DirectorTest.tcpFrame(40001, 0x02)),
                // 59 s after its SYN: still known (SYN_RECV lasts 60 s)
                new Frame(T0 + 60, 500_000, DirectorTest.tcpFrame(40001, 0x10)),
                // 61 s after its SYN: that entry expired at 60.25, so this ACK is dropped
                new Frame(T0 + 61, 250_001, DirectorTest.tcpFrame(40000, 0x10))));
        Path out = dir.resolve("out.pcap");
        Director d = replay(in, out);

        List<Frame> sent = read(out);
        List<String> seen = new ArrayList<>();
        for (Frame f : sent) {
            EthernetFrame eth = new EthernetFrame().wrap(f.bytes, 0, f.bytes.length);
            String what = eth.etherType() == EthernetFrame.TYPE_ARP
                    ? "arp " + new ArpPacket().wrap(f.bytes, 14, f.bytes.length - 14).operation()
                    : "ip to " + MacAddress.toString(eth.destination());
            seen.add(f.seconds - T0 + "." + f.micros + " " + what);
        }
        // Start (first frame's time): gratuitous ARP for the VIP, then who-has for each server
        // (list order rs2, rs1; known MACs are refreshed too). rr: rs2 first, then rs1.
        assertEquals(List.of(
                "0.250000 arp 1", "0.250000 arp 1", "0.250000 arp 1",
                "0.250000 ip to 02:00:00:00:00:12",
                "1.500001 ip to 02:00:00:00:00:11",
                "60.500000 ip to 02:00:00:00:00:11",
                // the 30 s ARP refresh was due at 30.25; it runs with the next frame, at that frame's time
                "60.500000 arp 1", "60.500000 arp 1"), seen);
        assertEquals(1, d.connections().counters().droppedNotSyn());
        assertEquals(1, d.connections().size(), "40000 expired, 40001 established");
    }

    @Test
    void framesTheLiveDirectorCouldNotSeeWholeAreDroppedNotForwarded() throws Exception {
        // record 1: a SYN cut by the capture's snap length (38 of its 54 bytes, wire length 54);
        // record 2: a whole SYN; record 3: a whole 1523-byte frame, one byte longer than the live
        // snap length MTU + 22 (a GRO-merged frame in a capture taken with GRO on)
        byte[] syn = DirectorTest.tcpFrame(40000, 0x02);
        byte[] big = java.util.Arrays.copyOf(DirectorTest.tcpFrame(40001, 0x02), 1523);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 16 + 38 + 16 + 54 + 16 + 1523)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(CaptureFileReader.MAGIC_MICROSECONDS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(38).putInt(1);
        b.putInt((int) T0).putInt(250_000).putInt(38).putInt(54).put(syn, 0, 38);
        b.putInt((int) T0).putInt(260_000).putInt(54).putInt(54).put(syn);
        b.putInt((int) T0).putInt(270_000).putInt(1523).putInt(1523).put(big);
        Path in = dir.resolve("cut.pcap");
        java.nio.file.Files.write(in, b.array());
        Director d = replay(in, dir.resolve("out.pcap"));
        assertEquals(3, d.counters().frames);
        assertEquals(2, d.counters().truncated);
        assertEquals(1, d.counters().forwardedRoute, "only the whole SYN");
        assertEquals(0, d.counters().malformed);
    }

    @Test
    void aFrameWhoseHandlingThrowsIsCountedAndTheLoopGoesOn() {
        Path in = input(List.of(new Frame(T0, 250_000, DirectorTest.tcpFrame(40000, 0x02)),
                new Frame(T0, 260_000, DirectorTest.tcpFrame(40001, 0x02)),
                new Frame(T0, 270_000, DirectorTest.tcpFrame(40002, 0x02))));
        try (CaptureFileReader r = CaptureFileReader.open(in);
             CaptureFileWriter w = CaptureFileWriter.create(dir.resolve("out.pcap"), false)) {
            int[] sends = {0};
            // a transmit path with a bug: sending the second forwarded SYN (IPv4, not ARP) throws
            Director d = director((f, n) -> {
                if (f[12] == 0x08 && f[13] == 0x00 && ++sends[0] == 2) {
                    throw new IllegalStateException("a bug in the transmit path");
                }
                return w.send(f, n);
            });
            ReplayLoop loop = new ReplayLoop(r, w);
            d.servicesChanged(loop.start(), true);
            d.seedNeighbour(DirectorTest.RS1, DirectorTest.RS1_MAC);
            d.seedNeighbour(DirectorTest.RS2, DirectorTest.RS2_MAC);
            assertEquals(3, loop.run(d), "the loop went on past the frame that threw");
            assertEquals(3, d.counters().frames);
            assertEquals(1, d.counters().internalErrors);
            assertEquals(2, d.counters().forwardedRoute);
        }
    }

    @Test
    void theReplayPathAllocatesNothingPerFrame() {
        // one connection: a SYN, then 300k ACKs a millisecond apart
        Path in = dir.resolve("in.pcap");
        byte[] syn = DirectorTest.tcpFrame(40000, 0x02);
        byte[] ack = DirectorTest.tcpFrame(40000, 0x10);
        try (CaptureFileWriter w = CaptureFileWriter.create(in, false)) {
            w.timestamp(T0, 250_000);
            w.send(syn, syn.length);
            for (int i = 1; i <= 300_000; i++) {
                long micros = 250_000L + i * 1000L;
                w.timestamp(T0 + micros / 1_000_000, (int) (micros % 1_000_000));
                w.send(ack, ack.length);
            }
        }
        Path out = dir.resolve("out.pcap");
        replayMeasured(in, out); // warm-up: JIT, and the JDK's cached temporary direct buffer for channel I/O
        long allocated = replayMeasured(in, out);
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 300k frames");
    }

    /** Replays in → out and returns the bytes this thread allocated inside ReplayLoop.run. */
    private long replayMeasured(Path in, Path out) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        try (CaptureFileReader r = CaptureFileReader.open(in); CaptureFileWriter w = CaptureFileWriter.create(out, false)) {
            Director d = director(w);
            ReplayLoop loop = new ReplayLoop(r, w);
            d.servicesChanged(loop.start(), true);
            d.seedNeighbour(DirectorTest.RS1, DirectorTest.RS1_MAC);
            d.seedNeighbour(DirectorTest.RS2, DirectorTest.RS2_MAC);
            long before = mx.getThreadAllocatedBytes(tid);
            loop.run(d);
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertEquals(300_001, loop.frames());
            assertEquals(300_001, d.counters().forwardedRoute);
            return allocated;
        }
    }
}
