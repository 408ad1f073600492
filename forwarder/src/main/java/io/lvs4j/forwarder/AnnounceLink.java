package io.lvs4j.forwarder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the director's BGP speaker (BIRD, FRR) whether to announce the VIPs, by holding a network
 * interface up exactly while lvs4j is healthy: the capture thread answers and at least one real
 * server can take connections. The speaker exports a static route "VIP/32 via this interface",
 * which it withdraws as soon as the interface goes away (netlink tells it at once).
 *
 * <p>The interface is a non-persistent TUN device whose only descriptor lvs4j holds, so the
 * kernel deletes it whenever lvs4j ends, SIGKILL and crashes included: no watcher process, no
 * stale health file. A director whose whole host dies is caught by the router's BFD instead.
 */
public final class AnnounceLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnnounceLink.class);

    private final String name;
    private final BooleanSupplier healthy;
    private final long periodMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private TunDevice link;
    private String lastProblem;

    private AnnounceLink(String name, BooleanSupplier healthy, long periodMillis) {
        this.name = name;
        this.healthy = healthy;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::run, "announce-" + name);
        thread.setDaemon(true);
    }

    /**
     * Starts checking {@code healthy} every {@code periodMillis}; the first check runs at once.
     *
     * @throws DirectorException when an interface named {@code name} exists already (another
     *                           director's, or a persistent one lvs4j must not take over)
     */
    public static AnnounceLink start(String name, BooleanSupplier healthy, long periodMillis) {
        check(name);
        AnnounceLink a = new AnnounceLink(name, healthy, periodMillis);
        a.thread.start();
        return a;
    }

    /** Refuses a bad interface name, or one in use, before the director starts. */
    public static void check(String name) {
        if (name.isEmpty() || name.length() > TunDevice.MAX_NAME_LENGTH || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new DirectorException("--announce-link '" + name + "' is not a valid interface name"
                    + " (1-15 letters, digits, '_', '.', '-')");
        }
        if (Files.exists(Path.of("/sys/class/net", name))) {
            throw new DirectorException("--announce-link " + name + ": an interface of that name exists already"
                    + " (another lvs4j? a persistent one: ip link del " + name + ")");
        }
    }

    /** True while the interface is up (the VIPs are announced). */
    public synchronized boolean announcing() {
        return link != null;
    }

    private void run() {
        while (running) {
            boolean up = healthy.getAsBoolean();
            synchronized (this) {
                if (!running) {
                    break;
                }
                if (up && link == null) {
                    raise();
                } else if (!up && link != null) {
                    link.close();
                    link = null;
                    LOG.warn("withdrawing the VIPs: {} is down (no real server up, or the capture stopped)", name);
                }
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void raise() {
        try {
            TunDevice t = TunDevice.create(name);
            try {
                t.up();
            } catch (DirectorException e) {
                t.close();
                throw e;
            }
            link = t;
            lastProblem = null;
            LOG.info("announcing the VIPs: {} is up", name);
        } catch (DirectorException e) {
            if (!e.getMessage().equals(lastProblem)) { // once per problem, not once per period
                lastProblem = e.getMessage();
                LOG.error("cannot announce the VIPs: {}", e.getMessage());
            }
        }
    }

    /** Withdraws (the interface goes away) and stops checking. */
    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        if (link != null) {
            link.close();
            link = null;
            LOG.info("withdrew the VIPs: {} removed", name);
        }
    }
}
