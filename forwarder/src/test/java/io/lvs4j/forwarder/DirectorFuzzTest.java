package io.lvs4j.forwarder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lvs4j.packet.Checksum;
import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;

/**
 * The frame path over arbitrary bytes: no input may throw, every frame lands in exactly one
 * outcome counter, and no frame leaves longer than MTU + its Ethernet header.
 *
 * <p>An input is a sequence of records {@code [flags][length: 2 bytes][frame]} given to one fresh
 * director 10 ms apart, so connection state between frames is explored too. Flag bit 0 asks for
 * the IPv4 header checksum to be fixed before the frame is given, so the fuzzer gets past that
 * check. Seeds: {@code src/test/resources/io/lvs4j/forwarder/DirectorFuzzTestInputs/receive/},
 * written by {@link FuzzSeeds}.
 */
class DirectorFuzzTest {
    static final int MTU = 1500;
    static final int FIX_CHECKSUM = 1;

    @FuzzTest(maxDuration = "30s")
    void receive(byte[] input) {
        Director d = director(withinMtu((f, n) -> true), 0);
        int frames = 0;
        int at = 0;
        while (at + 3 <= input.length) {
            int flags = input[at];
            int length = Math.min((input[at + 1] & 0xff) << 8 | input[at + 2] & 0xff, input.length - at - 3);
            byte[] frame = java.util.Arrays.copyOfRange(input, at + 3, at + 3 + length);
            at += 3 + length;
            if ((flags & FIX_CHECKSUM) != 0) {
                fixIpChecksum(frame);
            }
            d.receive(frame, frame.length, 1000 + 10L * frames);
            frames++;
        }
        assertEquals(frames, outcomes(d.counters()), "every frame in exactly one outcome counter: " + d.counters().asMap());
        assertEquals(0, d.counters().sendErrors);
    }

    /** Asserts that no frame sent is longer than MTU + its Ethernet header, then sends it to {@code next}. */
    static FrameSink withinMtu(FrameSink next) {
        EthernetFrame eth = new EthernetFrame();
        return (f, n) -> {
            int limit = MTU + eth.wrap(f, 0, n).headerLength();
            assertTrue(n <= limit, "sent a frame of " + n + " bytes over MTU " + MTU);
            return next.send(f, n);
        };
    }

    /**
     * TCP VIP:80 over a DR and a TUN server, UDP VIP:53 over DR, both servers' MACs known; started
     * at {@code startMillis}.
     */
    static Director director(FrameSink sink, long startMillis) {
        ServiceTable services = new ServiceTable();
        VirtualService tcp = new VirtualService(Protocol.TCP, DirectorTest.VIP, 80,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(tcp);
        tcp.addServer(DirectorTest.RS1, 80, ForwardingMethod.ROUTE, 1, 0, 0);
        tcp.addServer(DirectorTest.RS2, 80, ForwardingMethod.TUNNEL, 1, 0, 0);
        VirtualService udp = new VirtualService(Protocol.UDP, DirectorTest.VIP, 53,
                Schedulers.create("rr", SchedulerFlags.NONE), 0, -1);
        services.add(udp);
        udp.addServer(DirectorTest.RS1, 53, ForwardingMethod.ROUTE, 1, 0, 0);
        Nic nic = new Nic("fuzz0", DirectorTest.OUR_MAC, DirectorTest.OUR_IP, 24, MTU, 0);
        Director d = new Director(nic, sink, services, new ConnectionTable(256, new Timeouts()), true, false,
                DirectorTest.OUR_IP);
        d.servicesChanged(startMillis, true);
        d.seedNeighbour(DirectorTest.RS1, DirectorTest.RS1_MAC);
        d.seedNeighbour(DirectorTest.RS2, DirectorTest.RS2_MAC);
        return d;
    }

    /** The counters of which every frame lands in exactly one (the rest count side effects). */
    static long outcomes(DirectorCounters c) {
        DirectorCounters.Validation v = c.validation;
        return c.malformed + c.truncated + c.ownFrames + c.notForUs + c.unsupported + c.arpSeen + c.notVirtual
                + c.noService + c.fragments + c.noDestination + c.noNeighbour + c.forwardedRoute
                + c.forwardedTunnel + c.icmpFragmentationNeeded + c.icmpRateLimited
                + v.badIpChecksum + v.ttlZero + v.martianSource + v.tcpOffsetBeyondPacket + v.udpBadLength
                + v.tooBigWithOptions + c.internalErrors;
    }

    /** When the frame holds an untagged IPv4 header, recomputes its checksum. */
    static void fixIpChecksum(byte[] f) {
        if (f.length < 34 || f[12] != 0x08 || f[13] != 0x00) {
            return;
        }
        int hl = (f[14] & 0x0f) * 4;
        if (hl < 20 || 14 + hl > f.length) {
            return;
        }
        f[24] = 0;
        f[25] = 0;
        int sum = Checksum.compute(f, 14, hl);
        f[24] = (byte) (sum >> 8);
        f[25] = (byte) sum;
    }
}
