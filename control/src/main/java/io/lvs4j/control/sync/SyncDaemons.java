package io.lvs4j.control.sync;

import io.lvs4j.control.TableAccess;
import io.lvs4j.control.sync.SyncConfig.Role;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A director's two sync daemons, master and backup, each started and stopped on its own (both may
 * run at once, as in the kernel): what {@code ipvsadm --start-daemon}, {@code --stop-daemon} and
 * {@code -L --daemon} act on. The master's tracker is installed on the connection table and
 * removed again on the datapath thread.
 */
public final class SyncDaemons implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncDaemons.class);
    /** Announcements the datapath may queue ahead of the sender (~8 MB of ints at most). */
    static final int RING_SIZE = 1 << 18;

    private final TableAccess tables;
    private Master master;
    private Backup backup;

    private record Master(SyncConfig config, SyncSender sender, Thread thread) {
    }

    private record Backup(SyncConfig config, SyncReceiver receiver, Thread thread) {
    }

    public SyncDaemons(TableAccess tables) {
        this.tables = tables;
    }

    /** Starts one daemon. @throws SyncException when it runs already or its socket cannot be made */
    public synchronized void start(SyncConfig c) throws InterruptedException {
        if (c.role() == Role.MASTER ? master != null : backup != null) {
            throw new SyncException("the " + c.role().ipvsadmName() + " sync daemon is already running"
                    + " (ipvsadm --stop-daemon " + c.role().ipvsadmName() + " first)");
        }
        DatagramChannel ch;
        try {
            ch = c.role() == Role.MASTER ? SyncSocket.sender(c) : SyncSocket.receiver(c);
        } catch (IOException e) {
            throw new SyncException("cannot open the " + c.role().ipvsadmName() + " sync socket on " + c.iface()
                    + " (" + c.group().getHostAddress() + ":" + c.port() + "): " + e.getMessage());
        }
        try {
            if (c.role() == Role.MASTER) {
                SyncRing ring = new SyncRing(RING_SIZE);
                SyncSender sender = new SyncSender(c, ring, ch);
                onDatapath(t -> t.connections().observe(new SyncTracker(t.connections().capacity(), ring, t.timeouts())));
                master = new Master(c, sender, thread(sender, "sync-master"));
            } else {
                SyncReceiver receiver = new SyncReceiver(c, ch, tables);
                backup = new Backup(c, receiver, thread(receiver, "sync-backup"));
            }
        } catch (RuntimeException | InterruptedException e) {
            close(ch);
            throw e;
        }
        LOG.info("started {}", c.describe());
    }

    /** Stops one daemon. @throws SyncException when it is not running */
    public synchronized void stop(Role role) throws InterruptedException {
        if (role == Role.MASTER) {
            if (master == null) {
                throw new SyncException("no master sync daemon is running");
            }
            onDatapath(t -> t.connections().observe(null));
            master.sender().stop();
            master.thread().join(2_000);
            LOG.info("stopped the master sync daemon: {}", master.sender().counters());
            master = null;
        } else {
            if (backup == null) {
                throw new SyncException("no backup sync daemon is running");
            }
            backup.receiver().stop();
            backup.thread().join(2_000);
            LOG.info("stopped the backup sync daemon: {}", backup.receiver().counters());
            backup = null;
        }
    }

    /** ipvsadm -L --daemon: one line per running daemon, master first; nothing when none runs. */
    public synchronized String list() {
        StringBuilder b = new StringBuilder();
        if (master != null) {
            b.append(master.config().describe()).append('\n');
        }
        if (backup != null) {
            b.append(backup.config().describe()).append('\n');
        }
        return b.toString();
    }

    /** The roles running, for the metrics: none, master, backup, or master+backup (both at once, as the kernel allows). */
    public synchronized String roles() {
        if (master == null) {
            return backup == null ? "none" : "backup";
        }
        return backup == null ? "master" : "master+backup";
    }

    /** The daemons' counters, one line each (for the exit summary and the logs). */
    public synchronized List<String> counters() {
        List<String> lines = new ArrayList<>();
        if (master != null) {
            lines.add("sync master: " + master.sender().counters());
        }
        if (backup != null) {
            lines.add("sync backup: " + backup.receiver().counters());
        }
        return lines;
    }

    /** Stops whatever runs (the director is exiting). */
    @Override
    public synchronized void close() {
        for (Role r : Role.values()) {
            try {
                if (r == Role.MASTER ? master != null : backup != null) {
                    stop(r);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("stopping the {} sync daemon: {}", r.ipvsadmName(), e.getMessage());
            }
        }
    }

    private void onDatapath(java.util.function.Consumer<io.lvs4j.control.Tables> action) throws InterruptedException {
        try {
            tables.onDatapath(t -> {
                action.accept(t);
                return null;
            });
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SyncException("the datapath did not answer: " + e.getMessage());
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void close(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing a sync socket: {}", e.getMessage());
        }
    }
}
