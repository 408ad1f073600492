package io.lvs4j.control.socket;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.RateEstimator;
import io.lvs4j.control.ipvsadm.IpvsadmExecutor;
import io.lvs4j.control.ipvsadm.Reply;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The director's control socket: a Unix domain socket where {@code lvs4j ipvsadm} (and the
 * {@code ipvsadm} shim) send command lines. Root (and the director's own user) only: the directory is created 0700, the socket
 * made 0600, and every peer's credentials (SO_PEERCRED) are checked; anyone else has the
 * connection closed unanswered, so learns nothing and changes nothing.
 *
 * <p>One thread reads every client without blocking, so a client that connects and sends
 * nothing holds no one up; each must send its request within a deadline and within a size limit
 * ({@link ControlLimits}), and beyond the limit of open connections a client is told the director
 * is busy. Whole requests run one at a time on a second thread: ipvsadm's language
 * ({@link IpvsadmExecutor}), which calls the {@link ControlPlane}, or one of lvs4j's own
 * requests, named by a first argument no ipvsadm line starts with ({@code lvs4j:checks},
 * {@code lvs4j:reload}). The control plane's rates are
 * sampled every 2 seconds.
 */
public final class ControlServer implements AutoCloseable {
    /** Peers with user id 0. The JDK names a user without a passwd entry by its number. */
    public static final Predicate<UnixDomainPrincipal> ROOT_ONLY =
            p -> "root".equals(p.user().getName()) || "0".equals(p.user().getName());
    /** Root, and the user the director runs as when that is not root (a service user with capabilities). */
    public static final Predicate<UnixDomainPrincipal> ROOT_AND_SELF =
            ROOT_ONLY.or(p -> p.user().getName().equals(System.getProperty("user.name")));

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final String WHO = "root".equals(System.getProperty("user.name")) ? "root only"
            : "root and " + System.getProperty("user.name") + " only";
    /** The exit code of a request the socket refuses (too large, malformed, too many clients). */
    static final int REFUSED = 2;
    /** Starts the first argument of a request that is lvs4j's own, not ipvsadm's ("lvs4j:checks"). */
    public static final String OWN_REQUEST = "lvs4j:";

    /** One of lvs4j's own requests (not ipvsadm's), answered on the control thread. */
    @FunctionalInterface
    public interface Request {
        /** @param args the arguments after the request's name */
        Reply handle(List<String> args);
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ControlPlane control;
    private final IpvsadmExecutor executor;
    private final Map<String, Request> requests;
    private final Predicate<UnixDomainPrincipal> allowed;
    private final ControlLimits limits;
    private final ExecutorService worker;
    private final ScheduledExecutorService sampler;
    private final ConcurrentLinkedQueue<Runnable> answered = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean closed;

    /**
     * Listens on {@code path} for root peers.
     *
     * @throws IOException when the socket cannot be made, or another director already listens there
     */
    public static ControlServer start(Path path, ControlPlane control) throws IOException {
        return start(path, control, Map.of());
    }

    /**
     * Listens on {@code path} for root peers, answering lvs4j's own requests too.
     *
     * @param requests by name, each starting with {@link #OWN_REQUEST} ("lvs4j:checks")
     */
    public static ControlServer start(Path path, ControlPlane control, Map<String, Request> requests)
            throws IOException {
        return start(path, control, requests, ROOT_AND_SELF, RateEstimator.PERIOD_MILLIS, ControlLimits.DEFAULT);
    }

    /** As {@link #start(Path, ControlPlane)} with another peer check, sample period and limits (tests). */
    static ControlServer start(Path path, ControlPlane control, Predicate<UnixDomainPrincipal> allowed,
                               long samplePeriodMillis, ControlLimits limits) throws IOException {
        return start(path, control, Map.of(), allowed, samplePeriodMillis, limits);
    }

    private static ControlServer start(Path path, ControlPlane control, Map<String, Request> requests,
                                       Predicate<UnixDomainPrincipal> allowed, long samplePeriodMillis,
                                       ControlLimits limits) throws IOException {
        Path socket = path.toAbsolutePath();
        prepareDirectory(socket.getParent());
        removeStaleSocket(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        return new ControlServer(socket, server, selector, control, requests, allowed, samplePeriodMillis, limits);
    }

    private ControlServer(Path path, ServerSocketChannel server, Selector selector, ControlPlane control,
                          Map<String, Request> requests, Predicate<UnixDomainPrincipal> allowed,
                          long samplePeriodMillis, ControlLimits limits) {
        this.path = path;
        this.server = server;
        this.selector = selector;
        this.control = control;
        this.executor = new IpvsadmExecutor(control);
        this.requests = Map.copyOf(requests);
        this.allowed = allowed;
        this.limits = limits;
        this.worker = Executors.newSingleThreadExecutor(daemon("lvs4j-control-exec"));
        this.sampler = Executors.newSingleThreadScheduledExecutor(daemon("lvs4j-rates"));
        sampler.scheduleAtFixedRate(this::sample, 0, samplePeriodMillis, TimeUnit.MILLISECONDS);
        this.loop = daemon("lvs4j-control").newThread(this::serve);
        loop.start();
        LOG.info("ipvsadm control socket at {}", path);
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private void serve() {
        try {
            while (!closed) {
                selector.select(this::ready, untilNextDeadline());
                for (Runnable r; (r = answered.poll()) != null; ) {
                    r.run();
                }
                closeExpired(System.currentTimeMillis());
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("control socket {} stopped: {}", path, e.toString());
            }
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            if (key.isAcceptable()) {
                accept();
            } else if (key.isReadable()) {
                read(key);
            } else if (key.isWritable()) {
                write(key);
            }
        } catch (IOException e) {
            LOG.debug("control socket {}: connection ended: {}", path, e.toString());
            drop(key);
        }
    }

    private void accept() throws IOException {
        SocketChannel client = server.accept();
        if (client == null) {
            return;
        }
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!allowed.test(peer)) {
            LOG.warn("control socket {}: refused user {} ({})", path, peer.user().getName(), WHO);
            client.close(); // closed without a word
            return;
        }
        client.configureBlocking(false);
        int open = selector.keys().size() - 1;
        if (open >= limits.maxConnections()) {
            LOG.warn("control socket {}: busy, {} clients connected; refused one", path, open);
            try (client) {
                client.write(ControlProtocol.encodeReply(new Reply("", "lvs4j: the director is busy: "
                        + open + " control clients connected (at most " + limits.maxConnections()
                        + "); try again\n", REFUSED)));
            }
            return;
        }
        long deadline = System.currentTimeMillis() + limits.requestMillis();
        client.register(selector, SelectionKey.OP_READ,
                new ControlConnection(client, limits.maxRequestBytes(), deadline));
    }

    private void read(SelectionKey key) throws IOException {
        ControlConnection c = (ControlConnection) key.attachment();
        ControlProtocol.Request request;
        try {
            request = c.read();
        } catch (ControlProtocol.BadRequest e) {
            LOG.warn("control socket {}: refused a request: {}", path, e.getMessage());
            answer(key, new Reply("", "lvs4j: control request refused: " + e.getMessage() + "\n", REFUSED));
            return;
        }
        if (request == null) {
            return;
        }
        key.interestOps(0);
        c.waitForReply();
        try {
            worker.execute(() -> {
                Reply reply = execute(request.args(), request.stdin());
                answered.add(() -> answer(key, reply));
                selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            drop(key); // closing
        }
    }

    private Reply execute(List<String> args, String stdin) {
        try {
            if (!args.isEmpty() && args.get(0).startsWith(OWN_REQUEST)) {
                Request own = requests.get(args.get(0));
                if (own == null) {
                    return new Reply("", "lvs4j: this director takes no '" + args.get(0).substring(OWN_REQUEST.length())
                            + "' request (health checks and reload need `lvs4j run --keepalived FILE`)\n", REFUSED);
                }
                return own.handle(args.subList(1, args.size()));
            }
            return executor.execute(args, stdin);
        } catch (RuntimeException e) {
            LOG.error("control request {} failed", args, e);
            return new Reply("", "lvs4j: internal error: " + e + "\n", REFUSED);
        }
    }

    private void answer(SelectionKey key, Reply reply) {
        if (!key.isValid()) {
            return;
        }
        ((ControlConnection) key.attachment()).answer(reply, System.currentTimeMillis() + limits.replyMillis());
        key.interestOps(SelectionKey.OP_WRITE);
        try {
            write(key);
        } catch (IOException e) {
            drop(key);
        }
    }

    private void write(SelectionKey key) throws IOException {
        if (((ControlConnection) key.attachment()).write()) {
            drop(key);
        }
    }

    private long untilNextDeadline() {
        long next = Long.MAX_VALUE;
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof ControlConnection c) {
                next = Math.min(next, c.deadline());
            }
        }
        if (next == Long.MAX_VALUE) {
            return 0; // no deadline: wait for a client
        }
        return Math.max(1, next - System.currentTimeMillis());
    }

    private void closeExpired(long now) {
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof ControlConnection c && c.deadline() <= now) {
                LOG.warn("control socket {}: closed a client that sent or read nothing in time", path);
                drop(k);
            }
        }
    }

    private void drop(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            LOG.debug("control socket {}: close: {}", path, e.toString());
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
        worker.shutdownNow();
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
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
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (!SocketTrust.isSocket(mode)) {
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

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
