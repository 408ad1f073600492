package io.lvs4j.control.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master daemon's thread: drains the datapath's {@link SyncRing} and multicasts the entries
 * in messages of up to --sync-maxlen bytes. It looks every {@value #POLL_MILLIS} ms, so an entry
 * waits at most that long (the kernel waits up to 2 s for a buffer to fill; a short wait narrows
 * the window a failover can lose).
 */
final class SyncSender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncSender.class);
    static final long POLL_MILLIS = 10;

    private final SyncConfig config;
    private final SyncRing ring;
    private final DatagramChannel channel;
    private final byte[] buffer;
    private final int perMessage;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;

    SyncSender(SyncConfig config, SyncRing ring, DatagramChannel channel) {
        this.config = config;
        this.ring = ring;
        this.channel = channel;
        this.perMessage = SyncMessage.capacity(config.maxLength());
        this.buffer = new byte[SyncMessage.HEADER_LENGTH + perMessage * SyncMessage.ENTRY_LENGTH];
    }

    @Override
    public void run() {
        List<SyncEntry> batch = new ArrayList<>(perMessage);
        while (running) {
            SyncEntry e;
            while ((e = ring.poll()) != null) {
                batch.add(e);
                if (batch.size() == perMessage) {
                    send(batch);
                }
            }
            if (!batch.isEmpty()) {
                send(batch);
            }
            LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
        }
    }

    private void send(List<SyncEntry> batch) {
        int n = SyncMessage.encode(config.syncid(), batch, 0, batch.size(), buffer);
        try {
            channel.write(ByteBuffer.wrap(buffer, 0, n));
            messages.incrementAndGet();
            entries.addAndGet(batch.size());
        } catch (ClosedChannelException e) {
            running = false;
        } catch (IOException e) {
            if (Long.bitCount(errors.incrementAndGet()) == 1) { // 1st, 2nd, 4th … error only
                LOG.warn("sync master: cannot send on {} ({} errors so far): {}", config.iface(), errors.get(),
                        e.getMessage());
            }
        }
        batch.clear();
    }

    void stop() {
        running = false;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the sync master's socket: {}", e.getMessage());
        }
    }

    String counters() {
        return "sent " + messages.get() + " messages, " + entries.get() + " entries, " + errors.get()
                + " send errors, " + ring.dropped() + " dropped (queue full)";
    }
}
