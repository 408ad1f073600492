package io.lvs4j.forwarder;

/** Where the director's outgoing frames go: the NIC, a capture file, or a test. */
public interface FrameSink {
    /** Sends {@code length} bytes of {@code frame} from offset 0; false when the NIC refused it. */
    boolean send(byte[] frame, int length);
}
