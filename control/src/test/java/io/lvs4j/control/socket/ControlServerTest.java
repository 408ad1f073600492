package io.lvs4j.control.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.control.ipvsadm.GoldenOutputTest;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path of a command: client → socket → executor → "datapath" → reply, in a temp dir. */
class ControlServerTest {
    @TempDir
    Path dir;

    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(new ServiceTable(), new ConnectionTable(1024, timeouts), timeouts);
    private final AtomicInteger datapathCalls = new AtomicInteger();
    /** Stands in for the forwarder: runs the action at once, one at a time, as its one thread would. */
    private final TableAccess access = new TableAccess() {
        @Override
        public synchronized <T> T onDatapath(Function<Tables, T> action) {
            datapathCalls.incrementAndGet();
            return action.apply(tables);
        }
    };
    private ControlServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run client(Path socket, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = IpvsadmClient.run(Arrays.asList(args),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(ControlSocketPath.ENVIRONMENT, socket.toString()));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run client(String... args) {
        return client(server.path(), "", args);
    }

    @Test
    void commandsListingsAndErrorsGoThroughTheSocket() throws IOException {
        Path socket = dir.resolve("run/lvs4j/lvs4j.sock");
        server = ControlServer.start(socket, new ControlPlane(access));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

        assertEquals(new Run(0, "", ""), client("-A", "-t", "192.168.1.100:80", "-s", "rr"));
        assertEquals(new Run(0, "", ""), client("ipvsadm", "-a", "-t", "192.168.1.100:80", "-r", "192.168.1.11", "-g"));
        assertEquals(new Run(0, "IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                + "TCP  192.168.1.100:80 rr\n"
                + "  -> 192.168.1.11:80              Route   1      0          0         \n", ""), client("-Ln"));
        assertEquals(new Run(255, "", "Service not defined\n"),
                client("-a", "-t", "192.168.1.100:81", "-r", "192.168.1.12"));
        assertEquals(new Run(2, "", "illegal weight specified\n"),
                client("-a", "-t", "192.168.1.100:80", "-r", "192.168.1.12", "-w", "70000"));
        assertEquals(new Run(1, "", "No such service\n"), client("-L", "-n", "-t", "192.168.1.100:81"));
        assertEquals(new Run(0, "Timeout (tcp tcpfin udp): 900 120 300\n", ""), client("-L", "--timeout"));
        assertEquals(new Run(0, "IPVS connection entries\npro expire state       source             virtual"
                + "            destination\n", ""), client("-Lnc"));
    }

    @Test
    void saveAndRestoreThroughTheSocket() throws IOException {
        server = ControlServer.start(dir.resolve("s.sock"), new ControlPlane(access));
        String rules = GoldenOutputTest.golden("save.txt");
        assertEquals(new Run(0, "", ""), client(server.path(), rules, "-R"));
        assertEquals(new Run(0, rules, ""), client("-S", "-n"));
        Run bad = client(server.path(), "-C\n-a -t 10.9.9.9:80 -r 10.0.0.2\n", "-R");
        assertEquals(new Run(255, "", "<stdin>:2: Service not defined\n"), bad);
        assertEquals(new Run(0, rules, ""), client("-S")); // the bad restore changed nothing
    }

    @Test
    void helpNeedsNoDirector() {
        Run help = client(dir.resolve("none.sock"), "", "-h");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("ipvsadm v1.31"));
    }

    @Test
    void noDirectorIsOneClearLine() {
        Path socket = dir.resolve("none.sock");
        assertEquals(new Run(2, "", "lvs4j ipvsadm: no director at " + socket
                + " (is `lvs4j run` running? set LVS4J_CONTROL)\n"), client(socket, "", "-Ln"));
    }

    @Test
    void aRefusedPeerLearnsNothingAndChangesNothing() throws IOException {
        server = ControlServer.start(dir.resolve("r.sock"), new ControlPlane(access), p -> false, 60_000, ControlLimits.DEFAULT);
        int before = datapathCalls.get();
        Run run = client("-A", "-t", "10.0.0.1:80");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("closed the connection unanswered"), run.err());
        assertEquals(0, tables.services().size());
        assertTrue(datapathCalls.get() <= before + 1); // at most the rate sampler's first call
    }

    @Test
    void rootIsAllowed() {
        // the JDK names uid 0 "root" (or "0" without a passwd entry); anyone else is refused
        assertTrue(ControlServer.ROOT_ONLY.test(principal("root")));
        assertFalse(ControlServer.ROOT_ONLY.test(principal("nobody")));
    }

    @Test
    void staleSocketIsReplacedButALiveDirectorIsNot() throws IOException {
        Path socket = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close(); // the file stays behind, as after a crash
        assertTrue(Files.exists(socket));
        server = ControlServer.start(socket, new ControlPlane(access));
        IOException e = assertThrows(IOException.class, () -> ControlServer.start(socket, new ControlPlane(access)));
        assertTrue(e.getMessage().startsWith("another director already listens on " + socket), e.getMessage());
        assertEquals(0, client("-Ln").exit()); // the first one still answers
    }

    @Test
    void ratesAreSampledOnTheDatapath() throws Exception {
        server = ControlServer.start(dir.resolve("rate.sock"), new ControlPlane(access), ControlServer.ROOT_ONLY, 20, ControlLimits.DEFAULT);
        long deadline = System.currentTimeMillis() + 5000;
        while (datapathCalls.get() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(datapathCalls.get() >= 3);
    }

    @Test
    void socketPathChoice() {
        assertEquals(Path.of("/tmp/a.sock"), ControlSocketPath.resolve("/tmp/a.sock", Map.of("LVS4J_CONTROL", "/x")));
        assertEquals(Path.of("/x"), ControlSocketPath.resolve(null, Map.of("LVS4J_CONTROL", "/x")));
        assertEquals(Path.of("/run/lvs4j/lvs4j.sock"), ControlSocketPath.resolve(null, Map.of()));
    }

    private static jdk.net.UnixDomainPrincipal principal(String user) {
        return new jdk.net.UnixDomainPrincipal(() -> user, () -> user);
    }
}
