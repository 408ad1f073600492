package io.lvs4j.forwarder;

/**
 * Where decapsulated IPv4 packets go: the TUN device in production, a list in tests. Unlike
 * {@link FrameSink} it takes a slice, because the inner packet sits in the middle of the
 * captured frame and copying it out first would cost a copy per packet.
 */
public interface PacketSink {
    /** Hands {@code length} bytes of {@code buffer} from {@code offset} (one IPv4 packet) on; false when refused. */
    boolean write(byte[] buffer, int offset, int length);
}
