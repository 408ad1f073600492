package io.lvs4j.control.socket;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.RateEstimator;
import io.lvs4j.control.ipvsadm.IpvsadmExecutor;
import io.lvs4j.control.ipvsadm.Reply;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director's control socket: a Unix domain socket where {@code lvs4j ipvsadm} (and the
 * {@code ipvsadm} shim) send command lines. Root only: the directory is created 0700, the socket
 * made 0600, and every peer's credentials (SO_PEERCRED) are checked; anyone else has the
 * connection closed unanswered, so learns nothing and changes nothing. Requests are ipvsadm's
 * language ({@link IpvsadmExecutor}), which calls the {@link ControlPlane}; this class also asks
 * the control plane for a rate sample every 2 seconds.
 */
public final class ControlServer implements AutoCloseable {
    /** Peers with user id 0. The JDK names a user without a passwd entry by its number. */
    public static final Predicate<UnixDomainPrincipal> ROOT_ONLY =
            p -> "root".equals(p.user().getName()) || "0".equals(p.user().getName());

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int WORKERS = 4;

    private final Path path;
    private final ServerSocketChannel server;
    private final ControlPlane control;
    private final IpvsadmExecutor executor;
    private final Predicate<UnixDomainPrincipal> allowed;
    private final ExecutorService workers;
    private final ScheduledExecutorService sampler;
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Listens on {@code path} for root peers.
     *
     * @throws IOException when the socket cannot be made, or another director already listens there
     */
    public static ControlServer start(Path path, ControlPlane control) throws IOException {
        return start(path, control, ROOT_ONLY, RateEstimator.PERIOD_MILLIS);
    }

    /** As {@link #start(Path, ControlPlane)} with another peer check and sample period (tests). */
    static ControlServer start(Path path, ControlPlane control, Predicate<UnixDomainPrincipal> allowed,
                               long samplePeriodMillis) throws IOException {
        Path socket = path.toAbsolutePath();
        prepareDirectory(socket.getParent());
        removeStaleSocket(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new ControlServer(socket, server, control, allowed, samplePeriodMillis);
    }

    private ControlServer(Path path, ServerSocketChannel server, ControlPlane control,
                          Predicate<UnixDomainPrincipal> allowed, long samplePeriodMillis) {
        this.path = path;
        this.server = server;
        this.control = control;
        this.executor = new IpvsadmExecutor(control);
        this.allowed = allowed;
        this.workers = Executors.newFixedThreadPool(WORKERS, daemons("lvs4j-control-"));
        this.sampler = Executors.newSingleThreadScheduledExecutor(daemons("lvs4j-rates-"));
        sampler.scheduleAtFixedRate(this::sample, 0, samplePeriodMillis, TimeUnit.MILLISECONDS);
        this.acceptor = daemons("lvs4j-control-accept-").newThread(this::acceptLoop);
        acceptor.start();
        LOG.info("ipvsadm control socket at {}", path);
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                workers.execute(() -> serve(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket {}: accept failed: {}", path, e.toString());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!allowed.test(peer)) {
                LOG.warn("control socket {}: refused user {} (root only)", path, peer.user().getName());
                return; // closed without a word
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
            ControlProtocol.Request request = ControlProtocol.readRequest(in);
            Reply reply = executor.execute(request.args(), request.stdin());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)));
            ControlProtocol.writeReply(out, reply);
        } catch (IOException | RuntimeException e) {
            LOG.debug("control socket {}: connection ended: {}", path, e.toString());
        }
    }

    private void sample() {
        try {
            control.sampleRates();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("rate sample skipped: {}", e.toString());
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() throws IOException {
        closed = true;
        sampler.shutdownNow();
        workers.shutdownNow();
        try {
            server.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** Creates missing directories 0700 (existing ones, such as /run, are left as they are). */
    private static void prepareDirectory(Path dir) throws IOException {
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** A socket file left by a director that died is removed; a live director's is not. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException(socket + " exists and is not a socket; choose another path with --control PATH"
                    + " or " + ControlSocketPath.ENVIRONMENT);
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            throw new IOException("another director already listens on " + socket
                    + "; give this one its own socket with --control PATH or "
                    + ControlSocketPath.ENVIRONMENT);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another director")) {
                throw e;
            }
            Files.deleteIfExists(socket); // nobody answers: stale
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
