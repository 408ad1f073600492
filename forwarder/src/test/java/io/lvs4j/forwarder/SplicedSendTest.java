package io.lvs4j.forwarder;

import static io.lvs4j.forwarder.DirectorTest.OUR_IP;
import static io.lvs4j.forwarder.DirectorTest.OUR_MAC;
import static io.lvs4j.forwarder.DirectorTest.RS1;
import static io.lvs4j.forwarder.DirectorTest.RS1_MAC;
import static io.lvs4j.forwarder.DirectorTest.VIP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lvs4j.packet.ArpWriter;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.SchedulerFlags;
import io.lvs4j.scheduler.Schedulers;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DR and TUN hand the director's output to {@link FrameSink#sendSpliced}, which AF_XDP serves by
 * sending the received frame from its own chunk with only the head written in front. The frames
 * a port sending that way puts on the wire must be byte for byte those of a port that assembles
 * them, or the director changed a byte outside the head it declared.
 */
class SplicedSendTest {
    private static final int HEADROOM = 256; // the kernel's XDP_PACKET_HEADROOM before a received frame

    /** Holds each received frame in a chunk after some headroom, as XdpPort's UMEM does, and sends from there. */
    static final class ChunkPort implements FrameSink {
        final byte[] chunk = new byte[2048];
        final List<byte[]> sent = new ArrayList<>();
        byte[] heldCopy;
        int spliced;

        /** The frame lands in the chunk; the director gets a copy of it, as XdpPort's caller does. */
        byte[] receive(byte[] frame) {
            Arrays.fill(chunk, (byte) 0x5a);
            System.arraycopy(frame, 0, chunk, HEADROOM, frame.length);
            heldCopy = frame.clone();
            return heldCopy;
        }

        @Override
        public boolean send(byte[] frame, int length) {
            sent.add(Arrays.copyOf(frame, length));
            return true;
        }

        @Override
        public boolean sendSpliced(byte[] head, int headLength, byte[] received, int from, int length) {
            int start = HEADROOM + from - headLength;
            if (received != heldCopy || start < 0) {
                return FrameSink.super.sendSpliced(head, headLength, received, from, length);
            }
            heldCopy = null;
            System.arraycopy(head, 0, chunk, start, headLength);
            sent.add(Arrays.copyOfRange(chunk, start, start + headLength + length));
            spliced++;
            return true;
        }
    }

    private static Director director(ForwardingMethod method, FrameSink out) {
        ServiceTable services = new ServiceTable();
        VirtualService svc = new VirtualService(Protocol.TCP, VIP, 80, Schedulers.create("rr", SchedulerFlags.NONE),
                0, -1);
        services.add(svc);
        svc.addServer(RS1, 80, method, 1, 0, 0);
        Director d = new Director(new Nic("eth0", OUR_MAC, OUR_IP, 24, 1500, 0), out, services,
                new ConnectionTable(1024, new Timeouts()), true, false, OUR_IP);
        d.servicesChanged(0, true);
        byte[] buf = new byte[64];
        d.receive(buf, ArpWriter.reply(buf, 0, RS1_MAC, RS1, OUR_MAC, OUR_IP), 0);
        return d;
    }

    /** A SYN, its ACK padded to Ethernet's 60 bytes, and a 1000-byte data segment. */
    private static List<byte[]> clientFrames() {
        byte[] syn = DirectorTest.tcpFrame(44000, 0x02);
        byte[] paddedAck = Arrays.copyOf(DirectorTest.tcpFrame(44000, 0x10), 60);
        Arrays.fill(paddedAck, 54, 60, (byte) 0xee);
        byte[] data = DirectorTest.bigTcpFrame(44000, 0x18, 1000, true);
        return List.of(syn, paddedAck, data);
    }

    @ParameterizedTest
    @EnumSource(value = ForwardingMethod.class, names = {"ROUTE", "TUNNEL"})
    void aFrameSentFromItsChunkIsTheFrameAnAssemblingPortSends(ForwardingMethod method) {
        List<byte[]> assembled = new ArrayList<>();
        Director plain = director(method, (f, n) -> assembled.add(Arrays.copyOf(f, n)));
        ChunkPort port = new ChunkPort();
        Director inPlace = director(method, port);
        assembled.clear();
        port.sent.clear();

        for (byte[] frame : clientFrames()) {
            plain.receive(frame.clone(), frame.length, 1000);
            byte[] copy = port.receive(frame);
            inPlace.receive(copy, copy.length, 1000);
        }

        assertEquals(3, assembled.size(), "forwarded by the assembling port");
        assertEquals(3, port.spliced, "every frame left from its chunk");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(assembled.get(i), port.sent.get(i), "frame " + i);
        }
        assertEquals(method == ForwardingMethod.TUNNEL ? 34 + 40 : 60, assembled.get(1).length,
                "DR keeps the Ethernet padding, TUN sends only the 40-byte IP packet");
    }
}
