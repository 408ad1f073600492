package io.lvs4j.control.sync;

import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.TcpState;
import io.lvs4j.scheduler.VirtualService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup daemon's thread: receives sync messages, drops and counts the bad ones, and has the
 * datapath thread insert the entries of each good one without scheduling
 * ({@link ConnectionTable#insertSynced}). An entry whose service or real server this director
 * does not have is counted and skipped (the kernel's backup does the same).
 */
final class SyncReceiver implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncReceiver.class);

    private static final TcpState[] STATES = TcpState.values();

    private final SyncConfig config;
    private final DatagramChannel channel;
    private final TableAccess tables;
    private final NetworkInterface nic;
    private final byte[] buffer = new byte[65536];
    private final Map<SyncMessage.Verdict, AtomicLong> verdicts = new EnumMap<>(SyncMessage.Verdict.class);
    private final AtomicLong offLink = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong full = new AtomicLong();
    private volatile boolean running = true;

    SyncReceiver(SyncConfig config, DatagramChannel channel, TableAccess tables) {
        this.config = config;
        this.channel = channel;
        this.tables = tables;
        this.nic = SyncSocket.nic(config.iface());
        for (SyncMessage.Verdict v : SyncMessage.Verdict.values()) {
            verdicts.put(v, new AtomicLong());
        }
    }

    @Override
    public void run() {
        ByteBuffer bb = ByteBuffer.wrap(buffer);
        List<SyncEntry> entries = new ArrayList<>();
        while (running) {
            SocketAddress from;
            bb.clear();
            try {
                from = channel.receive(bb);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("sync backup: receive on {} failed: {}", config.iface(), e.getMessage());
                continue;
            }
            if (from instanceof InetSocketAddress in && !SyncSocket.onLink(nic, in.getAddress())) {
                offLink.incrementAndGet(); // not from the sync network
                continue;
            }
            entries.clear();
            SyncMessage.Verdict v = SyncMessage.decode(buffer, bb.position(), config.syncid(), entries);
            verdicts.get(v).incrementAndGet();
            if (v == SyncMessage.Verdict.OK && !entries.isEmpty()) {
                List<SyncEntry> batch = List.copyOf(entries);
                try {
                    tables.onDatapath(t -> {
                        apply(batch, t, System.currentTimeMillis());
                        return null;
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warn("sync backup: the datapath did not take {} entries: {}", batch.size(), e.getMessage());
                }
            }
        }
    }

    /** On the datapath thread: each entry into the connection table, as the master had it. */
    void apply(List<SyncEntry> batch, Tables t, long nowMillis) {
        for (SyncEntry e : batch) {
            VirtualService svc = t.services().find(e.protocol(), e.virtualAddress(), e.virtualPort());
            RealServer rs = svc == null ? null : svc.server(e.serverAddress(), e.serverPort());
            if (rs == null) {
                unknown.incrementAndGet();
                continue;
            }
            TcpState state = e.protocol() == 6 && !e.template() ? STATES[e.state()] : TcpState.NONE;
            if (t.connections().insertSynced(rs, e.template(), e.clientAddress(), e.clientPort(), e.virtualAddress(),
                    e.virtualPort(), state, e.timeoutSeconds() * 1000L, nowMillis)) {
                inserted.incrementAndGet();
            } else {
                full.incrementAndGet();
            }
        }
    }

    void stop() {
        running = false;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the sync backup's socket: {}", e.getMessage());
        }
    }

    /** The number of datagrams dropped for {@code v}, or taken for OK. */
    long count(SyncMessage.Verdict v) {
        return verdicts.get(v).get();
    }

    String counters() {
        StringBuilder b = new StringBuilder("received");
        for (SyncMessage.Verdict v : SyncMessage.Verdict.values()) {
            b.append(' ').append(v.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(count(v));
        }
        return b.append(" off-link=").append(offLink.get()).append("; inserted ").append(inserted.get())
                .append(" entries, ").append(unknown.get()).append(" for no such service/server, ")
                .append(full.get()).append(" refused (table full)").toString();
    }
}
