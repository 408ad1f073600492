package io.lvs4j.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every prefix of a real frame, and random junk, must give valid() == false or readable fields, never an exception. */
class TruncationTest {
    private final EthernetFrame eth = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final TcpSegment tcp = new TcpSegment();
    private final UdpDatagram udp = new UdpDatagram();
    private final ArpPacket arp = new ArpPacket();
    private final IcmpMessage icmp = new IcmpMessage();

    /** Classifies like the capture loop would; returns how many layers were valid. */
    private int classify(byte[] b, int off, int len) {
        if (!eth.wrap(b, off, len).valid()) {
            return 0;
        }
        eth.destination();
        eth.source();
        eth.vlanId();
        if (eth.etherType() == EthernetFrame.TYPE_ARP) {
            if (!arp.wrap(b, eth.payloadOffset(), eth.payloadLength()).valid()) {
                return 1;
            }
            arp.operation();
            arp.senderMac();
            arp.senderIp();
            arp.targetMac();
            arp.targetIp();
            return 2;
        }
        if (eth.etherType() != EthernetFrame.TYPE_IPV4 || !ip.wrap(b, eth.payloadOffset(), eth.payloadLength()).valid()) {
            return 1;
        }
        ip.headerChecksumValid();
        ip.source();
        ip.destination();
        if (!ip.hasTransportHeader()) {
            return 2;
        }
        switch (ip.protocol()) {
            case Ipv4Packet.PROTO_TCP:
                if (!tcp.wrap(b, ip.payloadOffset(), ip.payloadLength()).valid()) {
                    return 2;
                }
                tcp.sourcePort();
                tcp.destinationPort();
                tcp.flags();
                tcp.checksum();
                return 3;
            case Ipv4Packet.PROTO_UDP:
                if (!udp.wrap(b, ip.payloadOffset(), ip.payloadLength()).valid()) {
                    return 2;
                }
                udp.sourcePort();
                udp.checksum();
                return 3;
            case Ipv4Packet.PROTO_ICMP:
                if (!icmp.wrap(b, ip.payloadOffset(), ip.payloadLength()).valid()) {
                    return 2;
                }
                icmp.checksumValid();
                icmp.nextHopMtu();
                return 3;
            default:
                return 2;
        }
    }

    @Test
    void everyTruncationOfASynIsRejectedWithoutException() {
        byte[] full = Frames.tcpSyn();
        assertEquals(3, classify(full, 0, full.length), "control: the whole frame parses to TCP");
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n); // a real short array: any over-read would throw
            int layers = classify(cut, 0, n);
            assertEquals(n < 14 ? 0 : 1, layers, "length " + n);
            assertEquals(layers, classify(full, 0, n), "same prefix inside a longer buffer, length " + n);
        }
    }

    @Test
    void everyTruncationOfAnArpRequestIsRejected() {
        byte[] full = new byte[42];
        ArpWriter.request(full, 0, 0x0200000000aaL, 0x0A000001, 0x0A000002);
        assertEquals(2, classify(full, 0, 42));
        for (int n = 0; n < 42; n++) {
            assertEquals(n < 14 ? 0 : 1, classify(Arrays.copyOf(full, n), 0, n), "length " + n);
        }
    }

    @Test
    void randomJunkNeverThrows() {
        Random r = new Random(791);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 14 && r.nextBoolean()) {
                b[12] = (byte) (r.nextBoolean() ? 0x08 : 0x81);
                b[13] = 0;
                if (b.length > 18 && b[12] == (byte) 0x81) {
                    b[16] = 0x08;
                    b[17] = (byte) (r.nextBoolean() ? 0x00 : 0x06);
                }
                int ipOff = b[12] == (byte) 0x81 ? 18 : 14;
                if (b.length > ipOff) {
                    b[ipOff] = (byte) (0x40 | (b[ipOff] & 0x0f));
                }
            }
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            int len = r.nextInt(b.length + 2); // sometimes beyond the buffer
            classify(b, off, len);
        }
    }
}
