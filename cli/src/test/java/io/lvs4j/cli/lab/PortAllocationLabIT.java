package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.lvs4j.forwarder.CaptureLoop;
import io.lvs4j.forwarder.Director;
import io.lvs4j.forwarder.FramePort;
import io.lvs4j.forwarder.Nic;
import io.lvs4j.forwarder.RingPort;
import io.lvs4j.forwarder.XdpPort;
import io.lvs4j.packet.ArpWriter;
import io.lvs4j.packet.Checksum;
import io.lvs4j.packet.Ipv4Address;
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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batched datapaths allocate nothing per frame: the capture thread, reading one end of a veth
 * pair through a TPACKET_V2 ring or an XDP socket and forwarding by DR through the same port,
 * allocates (almost) no bytes for 100 000 frames of a known flow, measured after a warm-up, like
 * DirectorTest's test of the decision alone. The frames come from a ring port on the other end;
 * both in a namespace of this test's own.
 */
@Tag("lab")
class PortAllocationLabIT {
    private static final long DIRECTOR_MAC = MacAddress.parse("02:00:00:00:02:10");
    private static final long SERVER_MAC = MacAddress.parse("02:00:00:00:02:11");
    private static final int DIRECTOR_IP = Ipv4Address.parse("10.2.0.10");
    private static final int SERVER = Ipv4Address.parse("10.2.0.11");
    private static final int VIP = Ipv4Address.parse("10.2.0.100");
    private static final int CLONE_NEWNET = 0x40000000;

    interface NetnsCalls extends Library {
        NetnsCalls C = Native.load("c", NetnsCalls.class);

        int setns(int fd, int type);

        int open(String path, int flags);

        int close(int fd);
    }

    @ParameterizedTest(name = "--io {0}")
    @ValueSource(strings = {"ring", "xdp"})
    void theCaptureThreadAllocatesNothingPerFrameInSteadyState(String io) throws Exception {
        Lab.requirePrerequisites("port allocation", List.of("ip"), List.of());
        String ns = "l4jr" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        Shell.run(10, "ip", "netns", "add", ns).orFail("ip netns add");
        FramePort[] ports = new FramePort[2];
        CaptureLoop loop = null;
        Thread capture = null;
        try {
            Shell.run(10, "ip", "-n", ns, "link", "add", "name", "dir0", "type", "veth", "peer", "name", "cli0").orFail("veth");
            Shell.run(10, "ip", "-n", ns, "link", "set", "dev", "dir0", "address", MacAddress.toString(DIRECTOR_MAC), "up").orFail("dir0");
            Shell.run(10, "ip", "-n", ns, "link", "set", "dev", "cli0", "address", MacAddress.toString(SERVER_MAC), "up").orFail("cli0");
            openInNamespace(ns, io, ports);
            FramePort director = ports[0];
            RingPort client = (RingPort) ports[1];

            ServiceTable services = new ServiceTable();
            VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80, Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
            services.add(svc);
            svc.addServer(SERVER, 80, ForwardingMethod.ROUTE, 1, 0, 0);
            Director d = new Director(new Nic("dir0", DIRECTOR_MAC, DIRECTOR_IP, 24, 1500, 0), director, services,
                    new ConnectionTable(1024, new Timeouts()), true, false, DIRECTOR_IP);
            loop = new CaptureLoop(director, d);
            loop.prepare();
            capture = loop.newThread("capture-dir0");
            capture.start();

            byte[] arp = new byte[60];
            client.send(arp, ArpWriter.reply(arp, 0, SERVER_MAC, SERVER, DIRECTOR_MAC, DIRECTOR_IP));
            client.next(new byte[0]); // flushes the TX ring
            assertTrue(Shell.await(60_000, () -> d.unresolvedNeighbours() == 0), "the director learnt the server's MAC");
            byte[] syn = tcpFrame(0x02);
            byte[] ack = tcpFrame(0x10);
            client.send(syn, syn.length);
            long sent = send(client, ack, 20_479, d, 0) + 1; // warm up: the JIT compiles the path
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getThreadAllocatedBytes(capture.getId());
            sent += send(client, ack, 100_000, d, sent);
            long allocated = threads.getThreadAllocatedBytes(capture.getId()) - before;
            final long expected = sent;
            long forwarded = loop.onDatapath(x -> x.counters().forwardedRoute);
            assertEquals(expected, forwarded, "every frame forwarded");
            assertTrue(allocated < 10_000, "bytes the capture thread allocated for 100 000 frames: " + allocated);
        } finally {
            if (loop != null) {
                loop.stop();
                capture.join(10_000);
            }
            for (FramePort p : ports) {
                if (p != null) {
                    p.close();
                }
            }
            Shell.run(10, "ip", "netns", "del", ns);
        }
    }

    /** Sockets belong to the namespace of the thread that makes them: a thread joins ns to make both. */
    private static void openInNamespace(String ns, String io, FramePort[] ports) throws Exception {
        Exception[] failure = new Exception[1];
        Thread t = new Thread(() -> {
            int fd = NetnsCalls.C.open("/run/netns/" + ns, 0);
            try {
                if (fd < 0 || NetnsCalls.C.setns(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException("cannot enter namespace " + ns);
                }
                ports[0] = io.equals("xdp") ? XdpPort.open("dir0", DIRECTOR_MAC, 1522, false) : RingPort.open("dir0", 1522);
                ports[1] = RingPort.open("cli0", 1522);
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                NetnsCalls.C.close(fd);
            }
        }, "netns-" + ns);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /**
     * Sends {@code count} copies of {@code frame}, a thousand at a time, each thousand after the
     * director has forwarded the one before, so the rings never overflow however slow the machine.
     */
    private static long send(RingPort client, byte[] frame, int count, Director d, long already) {
        for (int i = 0; i < count; i++) {
            client.send(frame, frame.length);
            if (i % 1000 == 999 || i == count - 1) {
                client.next(new byte[0]); // flushes the TX ring (and waits at most one poll)
                long target = already + i + 1 - 1024; // 1024 may still sit in the rings
                if (!Shell.await(60_000, () -> d.counters().forwardedRoute >= target)) {
                    throw new AssertionError("director stalled at " + d.counters().forwardedRoute + " of " + target);
                }
            }
        }
        long target = already + count;
        Shell.await(60_000, () -> d.counters().forwardedRoute >= target);
        return count;
    }

    /** Client 10.2.0.20:44000 to VIP:80, Ethernet to the director. */
    private static byte[] tcpFrame(int flags) {
        String hex = MacAddress.toString(DIRECTOR_MAC).replace(":", "") + "020000000220" + "0800"
                + "45000028" + "1c460000" + "4006" + "0000" + "0a020014" + "0a020064"
                + "abe0" + "0050" + "00000001" + "00000000" + "50" + String.format("%02x", flags) + "7210" + "0000" + "0000";
        byte[] f = HexFormat.of().parseHex(hex);
        int sum = Checksum.compute(f, 14, 20);
        f[24] = (byte) (sum >> 8);
        f[25] = (byte) sum;
        return f;
    }
}
