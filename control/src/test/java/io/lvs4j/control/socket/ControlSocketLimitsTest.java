package io.lvs4j.control.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.control.ipvsadm.Reply;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control socket under clients that stall, lie about sizes or crowd it, and a client that checks whom it talks to. */
@Timeout(120) // a guard against a hang, far above any wait here
class ControlSocketLimitsTest {
    private static final int MAGIC = 0x4C56_5331;

    @TempDir
    Path dir;

    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(new ServiceTable(), new ConnectionTable(1024, timeouts), timeouts);
    private final TableAccess access = new TableAccess() {
        @Override
        public synchronized <T> T onDatapath(Function<Tables, T> action) {
            return action.apply(tables);
        }
    };
    private final List<SocketChannel> raw = new ArrayList<>();
    private ControlServer server;

    @AfterEach
    void stop() throws IOException {
        for (SocketChannel c : raw) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run client(Path socket, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = IpvsadmClient.run(Arrays.asList(args), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(ControlSocketPath.ENVIRONMENT, socket.toString()));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void start(ControlLimits limits) throws IOException {
        server = ControlServer.start(dir.resolve("ctl.sock"), new ControlPlane(access), ControlServer.ROOT_ONLY,
                60_000, limits);
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(server.path()));
        raw.add(c);
        return c;
    }

    private static Reply reply(SocketChannel c) throws IOException {
        return ControlProtocol.readReply(new DataInputStream(Channels.newInputStream(c)));
    }

    @Test
    void idleAndSlowClientsHoldNoOneUp() throws IOException {
        start(ControlLimits.DEFAULT);
        for (int i = 0; i < 10; i++) {
            connect(); // connected, says nothing
        }
        connect().write(ByteBuffer.allocate(6).putInt(MAGIC).put((byte) 0).flip()); // half a request
        assertEquals(new Run(0, "", ""), client(server.path(), "-A", "-t", "10.0.0.1:80", "-s", "rr"));
        assertTrue(client(server.path(), "-Ln").out().contains("TCP  10.0.0.1:80 rr"));
    }

    @Test
    void aClientThatSendsNothingIsClosedAtItsDeadline() throws IOException {
        start(new ControlLimits(64, 1 << 20, 200, 60_000));
        SocketChannel idle = connect();
        // the director closes it: the read ends (EOF) instead of waiting for ever
        assertEquals(-1, idle.read(ByteBuffer.allocate(16)));
        assertEquals(0, client(server.path(), "-Ln").exit());
    }

    @Test
    void aClaimBeyondTheLimitIsRefusedBeforeItsBytesArrive() throws IOException {
        start(ControlLimits.DEFAULT);
        // 21 bytes: one argument "-R", then standard input said to be 64 MiB long, and nothing more
        ByteBuffer claim = ByteBuffer.allocate(21).putInt(MAGIC).putInt(1).putInt(2)
                .put("-R".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putInt(64 << 20).put(new byte[2]).flip();
        SocketChannel c = connect();
        c.write(claim);
        Reply r = reply(c);
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().startsWith("lvs4j: control request refused: request of more than 16777216 bytes"),
                r.stderr());
        assertEquals(0, client(server.path(), "-Ln").exit());
    }

    @Test
    void bytesThatAreNoRequestAreRefused() throws IOException {
        start(ControlLimits.DEFAULT);
        SocketChannel c = connect();
        c.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        Reply r = reply(c);
        assertEquals(new Reply("", "lvs4j: control request refused: not an lvs4j control request\n", 2), r);
    }

    @Test
    void tooManyClientsAreToldTheDirectorIsBusy() throws IOException, InterruptedException {
        start(new ControlLimits(2, 1 << 20, 600_000, 60_000));
        connect();
        connect();
        // the two idle clients are accepted in the director's own time: ask until it counts them
        Run busy = client(server.path(), "-Ln");
        for (int i = 0; i < 6000 && busy.exit() == 0; i++) {
            Thread.sleep(10);
            busy = client(server.path(), "-Ln");
        }
        assertEquals(new Run(2, "", "lvs4j: the director is busy: 2 control clients connected (at most 2);"
                + " try again\n"), busy);
        for (SocketChannel c : raw) {
            c.close();
        }
        Run after = client(server.path(), "-Ln");
        for (int i = 0; i < 6000 && after.exit() != 0; i++) {
            Thread.sleep(10);
            after = client(server.path(), "-Ln");
        }
        assertEquals(0, after.exit(), after.err());
    }

    @Test
    void theClientRefusesASocketOwnedByAnotherUser() throws IOException {
        assumeTrue(new UnixSystem().getUid() == 0, "only root can make a socket owned by someone else");
        Path socket = dir.resolve("other.sock");
        try (ServerSocketChannel impostor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            impostor.bind(UnixDomainSocketAddress.of(socket));
            impostor.configureBlocking(false);
            Files.setAttribute(socket, "unix:uid", 65534);
            Run run = client(socket, "-A", "-t", "10.0.0.1:80");
            assertEquals(new Run(2, "", "lvs4j ipvsadm: refusing the control socket: " + socket
                    + " is owned by uid 65534, not by root: it may not be the director's\n"), run);
            assertNull(impostor.accept(), "the client must not even connect");
        }
    }

    @Test
    void theClientRefusesASocketInADirectoryOthersMayWrite() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = shared.resolve("ctl.sock");
        try (ServerSocketChannel impostor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            impostor.bind(UnixDomainSocketAddress.of(socket));
            impostor.configureBlocking(false);
            Run run = client(socket, "-Ln");
            assertEquals(new Run(2, "", "lvs4j ipvsadm: refusing the control socket: " + socket + " is in " + shared
                    + ", which others may write to (mode 0777): anyone could have put it there\n"), run);
            assertNull(impostor.accept(), "the client must not even connect");
        }
    }
}
