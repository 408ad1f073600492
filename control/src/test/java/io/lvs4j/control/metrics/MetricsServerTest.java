package io.lvs4j.control.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServerSettings;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.ServiceSettings;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.TableChange.AddServer;
import io.lvs4j.control.TableChange.AddService;
import io.lvs4j.control.Tables;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import io.lvs4j.scheduler.VirtualService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics server on loopback over a table built through the control plane, read as a scraper and a browser would. */
class MetricsServerTest {
    private static final ServiceId WEB = new ServiceId(Protocol.TCP, 0x0A000064, 80);
    private static final String RS1_LABELS = "{local_address=\"10.0.0.100\",local_mark=\"\",local_port=\"80\",proto=\"TCP\","
            + "remote_address=\"10.0.0.11\",remote_port=\"80\"}";

    private final Timeouts timeouts = new Timeouts();
    private final Tables tables = new Tables(new ServiceTable(), new ConnectionTable(64, timeouts), timeouts);
    private final ControlPlane control = new ControlPlane(TableAccess.direct(tables));
    private final Map<String, Long> datapath = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private MetricsServer server;

    @BeforeEach
    void table() throws Exception {
        control.apply(List.of(new AddService(WEB, ServiceSettings.of("wrr")),
                new AddServer(WEB, new ServerId(0x0A00000B, 80), ServerSettings.of(ForwardingMethod.ROUTE, 1)),
                new AddServer(WEB, new ServerId(0x0A00000C, 80), ServerSettings.of(ForwardingMethod.TUNNEL, 3))));
        VirtualService svc = tables.service(WEB);
        svc.stats().connections = 7;
        svc.stats().inPackets = 70;
        svc.stats().inBytes = 7000;
        svc.server(0x0A00000B, 80).stats().connections = 4;
        datapath.put("frames", 100L);
        datapath.put("dropped: malformed", 3L);
        datapath.put("forwarded (route)", 60L);
        datapath.put("capture errors", 0L);
        datapath.put("kernel drops", 2L);
        server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesNodeExporterNamesAndLvs4jFamilies() throws Exception {
        server.serve(new SnapshotReader(control, () -> datapath, null, () -> SyncStatus.NONE));
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        String text = r.body();
        for (String line : List.of(
                "node_ipvs_connections_total 7.0",
                "node_ipvs_incoming_packets_total 70.0",
                "node_ipvs_incoming_bytes_total 7000.0",
                "node_ipvs_outgoing_packets_total 0.0",
                "node_ipvs_backend_weight" + RS1_LABELS + " 1.0",
                "node_ipvs_backend_connections_active" + RS1_LABELS + " 0.0",
                "node_ipvs_backend_connections_inactive" + RS1_LABELS + " 0.0",
                "lvs4j_backend_connections_total" + RS1_LABELS + " 4.0",
                "lvs4j_frames_total 100.0",
                "lvs4j_dropped_frames_total{reason=\"malformed\"} 3.0",
                "lvs4j_datapath_events_total{event=\"forwarded_route\"} 60.0",
                "lvs4j_kernel_dropped_frames_total 2.0",
                "lvs4j_connection_table_capacity 64.0",
                "lvs4j_connection_table_evictions_total{kind=\"embryonic\"} 0.0",
                "lvs4j_sync_role{role=\"none\"} 1.0",
                "lvs4j_up 1.0",
                "# TYPE node_ipvs_connections_total counter",
                "# TYPE node_ipvs_backend_weight gauge")) {
            assertTrue(text.lines().anyMatch(line::equals), "a line '" + line + "' in\n" + text);
        }
        assertEquals(2, text.lines().filter(l -> l.startsWith("node_ipvs_backend_weight{")).count(), text);
    }

    @Test
    void servesTheStatusPageItsScriptAndItsData() throws Exception {
        server.serve(new SnapshotReader(control, () -> datapath, null, () -> SyncStatus.NONE));
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<script src=\"status.js\">"), page.body());
        assertTrue(get("/status.js").body().contains("fetch(\"status.json\""), "the script fetches the data");
        String json = get("/status.json").body();
        assertTrue(json.contains("\"address\":\"10.0.0.11\",\"port\":80,\"method\":\"Route\",\"weight\":1"), json);
        assertTrue(json.contains("\"address\":\"10.0.0.12\",\"port\":80,\"method\":\"Tunnel\",\"weight\":3"), json);
        assertTrue(json.contains("\"health\":\"none\""), "no health checks: " + json);
        assertEquals(404, get("/nothing").statusCode());
    }

    @Test
    void saysDownUntilTheDirectorServesAndRefusesAPortInUse() throws Exception {
        HttpResponse<String> early = get("/metrics");
        assertEquals(200, early.statusCode());
        assertTrue(early.body().lines().anyMatch("lvs4j_up 0.0"::equals), "no snapshot before serve(): " + early.body());
        assertTrue(early.body().lines().noneMatch(l -> l.startsWith("node_ipvs")), early.body());
        assertEquals(503, get("/status.json").statusCode());
        assertThrows(IOException.class,
                () -> MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())));
    }
}
