package io.lvs4j.control.sync;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The datapath's hand-off to the master's sender: a bounded single-producer single-consumer ring
 * of fixed-size records in one int array, so announcing a connection neither allocates nor locks.
 * When the sender falls behind, new records are dropped and counted (the next refresh of that
 * connection carries it again), never waited for.
 */
final class SyncRing {
    private static final int STRIDE = 8;

    private final int[] data;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next record to read, consumer's
    private final AtomicLong tail = new AtomicLong(); // next record to write, producer's
    private final AtomicLong dropped = new AtomicLong();

    /** @param size records, rounded up to a power of two */
    SyncRing(int size) {
        int n = size <= 2 ? 2 : Integer.highestOneBit(size - 1) << 1;
        data = new int[n * STRIDE];
        mask = n - 1;
    }

    /** Producer (datapath) only. False when full (counted). */
    boolean offer(int protocolFlags, int state, int clientAddress, int ports, int virtualAddress,
                  int serverAddress, int serverPort, int timeoutSeconds) {
        long t = tail.get();
        if (t - head.get() > mask) {
            dropped.lazySet(dropped.get() + 1); // one writer
            return false;
        }
        int i = (int) (t & mask) * STRIDE;
        data[i] = protocolFlags;
        data[i + 1] = state;
        data[i + 2] = clientAddress;
        data[i + 3] = ports;
        data[i + 4] = virtualAddress;
        data[i + 5] = serverAddress;
        data[i + 6] = serverPort;
        data[i + 7] = timeoutSeconds;
        tail.lazySet(t + 1); // publishes the record
        return true;
    }

    /** Consumer (sender) only: the oldest record as an entry, or null when empty. */
    SyncEntry poll() {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int i = (int) (h & mask) * STRIDE;
        int protocolFlags = data[i];
        SyncEntry e = new SyncEntry(protocolFlags >>> 24, protocolFlags & 0xFFFFFF, data[i + 1],
                data[i + 3] >>> 16, data[i + 3] & 0xFFFF, data[i + 6], 0, data[i + 7], data[i + 2], data[i + 4],
                data[i + 5]);
        head.lazySet(h + 1);
        return e;
    }

    /** Records dropped because the ring was full. */
    long dropped() {
        return dropped.get();
    }
}
