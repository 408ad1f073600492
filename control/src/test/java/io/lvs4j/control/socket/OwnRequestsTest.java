package io.lvs4j.control.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.Tables;
import io.lvs4j.control.health.KeepalivedDirector;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lvs4j checks} and {@code lvs4j reload} through the control socket, next to ipvsadm's own requests. */
class OwnRequestsTest {
    @TempDir
    Path dir;

    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(new ServiceTable(), new ConnectionTable(64, timeouts), timeouts);
    private final ControlPlane control = new ControlPlane(TableAccess.direct(tables));
    private ControlServer server;
    private KeepalivedDirector director;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (director != null) {
            director.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run send(String who, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = IpvsadmClient.request(who, List.of(args), null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(ControlSocketPath.ENVIRONMENT, server.path().toString()));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String conf(int weight) {
        return """
                virtual_server 10.0.0.100 80 {
                    lb_kind DR
                    real_server 10.0.0.11 80 {
                        weight %d
                        MISC_CHECK {
                            misc_path "/bin/true"
                        }
                    }
                }
                """.formatted(weight);
    }

    @Test
    void checksAndReloadGoThroughTheSocket() throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, conf(1));
        director = KeepalivedDirector.load(file, false);
        director.applyTo(control);
        server = ControlServer.start(dir.resolve("ctl.sock"), control, director.requests());

        Run checks = send("lvs4j checks", KeepalivedDirector.CHECKS);
        assertEquals(0, checks.exit(), checks.err());
        List<String> lines = checks.out().lines().toList();
        assertEquals(2, lines.size(), checks.out());
        assertTrue(lines.get(0).matches("Prot +VirtualAddress:Port +RealAddress:Port +Check +State +Fails +Since +Last result"),
                lines.get(0));
        assertTrue(lines.get(1).matches("TCP +10\\.0\\.0\\.100:80 +10\\.0\\.0\\.11:80 +MISC_CHECK +up +0 +"
                + "\\d\\d:\\d\\d:\\d\\d +not checked yet"), lines.get(1));

        Files.writeString(file, conf(3));
        Run reload = send("lvs4j reload", KeepalivedDirector.RELOAD);
        assertEquals(new Run(0, "set weight TCP 10.0.0.100:80 -> 10.0.0.11:80 weight 3\n", ""), reload);
        assertEquals(new Run(0, "no change\n", ""), send("lvs4j reload", KeepalivedDirector.RELOAD));

        Files.writeString(file, conf(3).replace("lb_kind DR", "lb_kind XX"));
        Run bad = send("lvs4j reload", KeepalivedDirector.RELOAD);
        assertEquals(new Run(2, "", "lvs4j reload: " + file + ":2: bad lb_kind 'XX' (allowed: DR, TUN or NAT)\n"),
                bad);
        assertEquals(3, control.services().get(0).servers().get(0).settings().weight(), "the table is unchanged");

        Run ipvsadm = send("lvs4j ipvsadm", "-Ln");
        assertEquals(0, ipvsadm.exit());
        assertTrue(ipvsadm.out().contains("  -> 10.0.0.11:80                 Route   3      0          0"), ipvsadm.out());
    }

    @Test
    void aDirectorWithoutKeepalivedRefusesTheRequest() throws Exception {
        server = ControlServer.start(dir.resolve("ctl.sock"), control);
        assertEquals(new Run(2, "", "lvs4j: this director takes no 'checks' request (health checks and reload need"
                + " `lvs4j run --keepalived FILE`)\n"), send("lvs4j checks", KeepalivedDirector.CHECKS));
    }
}
