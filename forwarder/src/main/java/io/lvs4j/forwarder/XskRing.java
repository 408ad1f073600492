package io.lvs4j.forwarder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One of an AF_XDP socket's four single-producer single-consumer rings, as a flyweight over the
 * memory the kernel maps for it: a producer index, a consumer index, a flags word and
 * {@code size} entries (a 16-byte {@code struct xdp_desc} on the RX and TX rings, an 8-byte UMEM
 * address on the fill and completion rings). The indices run freely and wrap at 2^32; an entry's
 * slot is its index masked by {@code size - 1}.
 *
 * <p>Each side reads the other's index with acquire and publishes its own with release ordering,
 * the Java side of the kernel's smp_load_acquire/smp_store_release pairs: an entry is written
 * before its producer index is published, and read before its consumer index is.
 *
 * <p>We produce on the fill and TX rings ({@link #free}, {@link #put}, {@link #submit}) and consume
 * on the RX and completion rings ({@link #available}, {@link #address}, {@link #release}).
 */
final class XskRing {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer memory;
    private final int producerAt;
    private final int consumerAt;
    private final int entriesAt;
    private final int entrySize;
    private final int mask;
    /** Our index: the next entry we produce or consume; published by submit/release. */
    private int local;
    /** The other side's index as last read: read again only when it seems to hold us up. */
    private int cached;

    /**
     * @param memory the ring's mapping (from its page offset), native order
     * @param offsets the kernel's {@code struct xdp_ring_offset} for it: producer, consumer, desc, flags
     */
    XskRing(ByteBuffer memory, long[] offsets, int size, int entrySize, boolean producer) {
        this.memory = memory;
        this.producerAt = (int) offsets[0];
        this.consumerAt = (int) offsets[1];
        this.entriesAt = (int) offsets[2];
        this.entrySize = entrySize;
        this.mask = size - 1;
        this.local = (int) INT.getAcquire(memory, producer ? producerAt : consumerAt);
        this.cached = producer ? (int) INT.getAcquire(memory, consumerAt) + size : (int) INT.getAcquire(memory, producerAt);
    }

    /** Entries we may produce now: the consumer's index plus the size, less ours. */
    int free() {
        int n = cached - local;
        if (n == 0) {
            cached = (int) INT.getAcquire(memory, consumerAt) + mask + 1;
            n = cached - local;
        }
        return n;
    }

    /** Writes the {@code i}-th entry after those produced so far: an address, and a length on RX/TX. */
    void put(int i, long address, int length) {
        int at = entriesAt + ((local + i) & mask) * entrySize;
        memory.putLong(at, address);
        if (entrySize == 16) {
            memory.putInt(at + 8, length);
            memory.putInt(at + 12, 0); // options
        }
    }

    /** Publishes {@code n} entries written by {@link #put}. */
    void submit(int n) {
        local += n;
        INT.setRelease(memory, producerAt, local);
    }

    /**
     * Entries the kernel has produced that we have not released; its index is read again only
     * when we have used up ({@code taken}) what we saw, so a burst costs one cross-core read.
     */
    int available(int taken) {
        int n = cached - local;
        if (n <= taken) {
            cached = (int) INT.getAcquire(memory, producerAt);
            n = cached - local;
        }
        return n;
    }

    /** The UMEM address of the {@code i}-th entry not yet released. */
    long address(int i) {
        return memory.getLong(entriesAt + ((local + i) & mask) * entrySize);
    }

    /** The frame length of the {@code i}-th descriptor not yet released (RX ring). */
    int length(int i) {
        return memory.getInt(entriesAt + ((local + i) & mask) * entrySize + 8);
    }

    /** Hands {@code n} consumed entries back to the kernel. */
    void release(int n) {
        local += n;
        INT.setRelease(memory, consumerAt, local);
    }

    /** Entries produced and not yet consumed by the other side (TX: frames still to send). */
    int outstanding() {
        return local - (int) INT.getAcquire(memory, consumerAt);
    }
}
