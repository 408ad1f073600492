package io.lvs4j.forwarder;

import io.lvs4j.packet.EthernetFrame;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.Ipv4Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The userspace IPIP endpoint of a real server (RFC 2003 decapsulation): takes the frames the
 * director tunnelled to this host, checks the outer header, and hands the inner packet — the
 * client's own, untouched — to a {@link PacketSink} (the TUN device holding the VIPs), so the
 * local stack answers the client directly as in LVS-TUN. Every frame ends in exactly one
 * {@link Outcome}, counted; a bad frame is never an exception. One thread runs {@link #run}; the
 * counters are plain longs, read by others only after that thread has finished.
 */
public final class Decapsulator {
    private static final Logger log = LoggerFactory.getLogger(Decapsulator.class);

    /** What became of one frame. Everything but DECAPSULATED is a reject reason. */
    public enum Outcome {
        DECAPSULATED("decapsulated"),
        NOT_IPV4("not IPv4"),
        MALFORMED_OUTER("malformed outer header"),
        TRUNCATED("truncated"),
        NOT_IPIP("not IPIP"),
        NOT_FOR_US("outer destination not ours"),
        BAD_OUTER_CHECKSUM("bad outer checksum"),
        FRAGMENT("outer fragment"),
        BAD_INNER("bad inner packet"),
        NOT_TO_VIP("inner destination not a VIP"),
        WRITE_FAILED("TUN write failed");

        /** values() clones its array on every call; the datapath indexes this one. */
        static final Outcome[] ALL = values();
        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final int[] ownAddresses;
    private final int[] vips;
    private final PacketSink sink;
    private final EthernetFrame ethernet = new EthernetFrame();
    private final Ipv4Packet outer = new Ipv4Packet();
    private final Ipv4Packet inner = new Ipv4Packet();
    private final long[] counts = new long[Outcome.ALL.length];
    private final byte[] frame = new byte[PcapPort.SNAPLEN];
    private long decapsulatedBytes;
    private long captureErrors;
    private volatile boolean running = true;

    /**
     * @param ownAddresses this host's addresses on the capture NIC: the outer destinations accepted
     * @param vips         the virtual addresses the inner packets may be for
     */
    public Decapsulator(int[] ownAddresses, int[] vips, PacketSink sink) {
        if (ownAddresses.length == 0 || vips.length == 0) {
            throw new IllegalArgumentException("at least one own address and one VIP are needed");
        }
        this.ownAddresses = ownAddresses.clone();
        this.vips = vips.clone();
        this.sink = sink;
    }

    /** The kernel filter: only IPIP to us is copied to userspace (fragments included, to count them). */
    public static String bpf(int[] ownAddresses) {
        StringBuilder sb = new StringBuilder("ip proto 4 and (");
        for (int i = 0; i < ownAddresses.length; i++) {
            sb.append(i == 0 ? "" : " or ").append("dst host ").append(Ipv4Address.toString(ownAddresses[i]));
        }
        return sb.append(')').toString();
    }

    /** Captures from {@code port} until {@link #stop()}; the BPF filter must already be installed. */
    public void run(PcapPort port) {
        boolean complained = false;
        while (running) {
            int n = port.next(frame);
            if (n > 0) {
                handle(frame, n);
            } else if (n < 0) {
                captureErrors++;
                if (!complained) {
                    complained = true;
                    log.error("capture error: {}", port.lastError());
                }
                pause(); // a vanished NIC fails every read at once; do not spin
            }
        }
    }

    /** Asks {@link #run} to return; it does within one pcap read timeout. */
    public void stop() {
        running = false;
    }

    /** Checks one Ethernet frame and, when it is good IPIP for a VIP, writes the inner packet. */
    public Outcome handle(byte[] buf, int length) {
        Outcome o = classify(buf, length);
        if (o == Outcome.DECAPSULATED) {
            int innerLength = inner.totalLength(); // not the outer payload: trailing bytes are not the client's
            if (!sink.write(buf, inner.offset(), innerLength)) {
                o = Outcome.WRITE_FAILED;
            } else {
                decapsulatedBytes += innerLength;
            }
        }
        counts[o.ordinal()]++;
        return o;
    }

    private Outcome classify(byte[] buf, int length) {
        if (!ethernet.wrap(buf, 0, length).valid() || ethernet.etherType() != EthernetFrame.TYPE_IPV4) {
            return Outcome.NOT_IPV4;
        }
        int ipOffset = ethernet.payloadOffset();
        int ipSpace = ethernet.payloadLength();
        outer.wrap(buf, ipOffset, ipSpace);
        if (ipSpace < Ipv4Packet.MIN_HEADER_LENGTH) {
            return Outcome.TRUNCATED;
        }
        if (outer.version() != 4) {
            return Outcome.NOT_IPV4;
        }
        int hl = outer.headerLength();
        if (hl < Ipv4Packet.MIN_HEADER_LENGTH || outer.totalLength() < hl) {
            return Outcome.MALFORMED_OUTER;
        }
        if (!outer.valid()) {
            return Outcome.TRUNCATED; // the header or the datagram claims more bytes than were captured
        }
        if (outer.protocol() != Ipv4Packet.PROTO_IPIP) {
            return Outcome.NOT_IPIP;
        }
        if (!contains(ownAddresses, outer.destination())) {
            return Outcome.NOT_FOR_US;
        }
        if (!outer.headerChecksumValid()) {
            return Outcome.BAD_OUTER_CHECKSUM;
        }
        if (outer.isFragment()) {
            // The kernel would reassemble for a local protocol; we see pieces. Counted, not guessed at.
            return Outcome.FRAGMENT;
        }
        inner.wrap(buf, outer.payloadOffset(), outer.payloadLength());
        if (!inner.valid() || !inner.headerChecksumValid()) {
            return Outcome.BAD_INNER;
        }
        if (!contains(vips, inner.destination())) {
            return Outcome.NOT_TO_VIP;
        }
        return Outcome.DECAPSULATED;
    }

    private static boolean contains(int[] set, int ip) {
        for (int a : set) { // a handful of addresses: a scan beats hashing and allocates nothing
            if (a == ip) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long count(Outcome o) {
        return counts[o.ordinal()];
    }

    /** Frames rejected for any reason (write failures included). */
    public long rejected() {
        long sum = 0;
        for (Outcome o : Outcome.ALL) {
            sum += o == Outcome.DECAPSULATED ? 0 : counts[o.ordinal()];
        }
        return sum;
    }

    /** Bytes of inner packets written (IP header included). */
    public long decapsulatedBytes() {
        return decapsulatedBytes;
    }

    /** pcap read errors. */
    public long captureErrors() {
        return captureErrors;
    }
}
