package io.lvs4j.control.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.RateEstimator.Rate;
import io.lvs4j.control.ServerId;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.metrics.DirectorSnapshot.Check;
import io.lvs4j.control.metrics.DirectorSnapshot.Connections;
import io.lvs4j.control.metrics.DirectorSnapshot.Counters;
import io.lvs4j.control.metrics.DirectorSnapshot.Health;
import io.lvs4j.control.metrics.DirectorSnapshot.Server;
import io.lvs4j.control.metrics.DirectorSnapshot.Service;
import io.lvs4j.scheduler.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
    private static final ServiceId WEB = new ServiceId(Protocol.TCP, 0x0A000064, 80);
    private static final ServerId RS1 = new ServerId(0x0A00000B, 80);
    private static final ServerId RS2 = new ServerId(0x0A00000C, 80);
    private static final Counters ZERO = new Counters(0, 0, 0, 0, 0, new Rate(0, 0, 0, 0, 0));

    @Test
    void aServerTheChecksTookOutIsListedDownWithItsReason() {
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);
        DirectorSnapshot s = new DirectorSnapshot(1, List.of(new Service(WEB, "rr", ZERO,
                List.of(new Server(RS2, "Route", 1, 2, 3, new Counters(9, 0, 0, 0, 0, new Rate(1, 2, 0, 3, 0)))))),
                new Connections(5, 64, false, 0, 0, 0, 0, 0, 0, 0), Map.of(),
                List.of(new Health(List.of(WEB), RS1, false, 1, t, List.of(new Check("HTTP_GET 10.0.0.11:80", false,
                        "http://10.0.0.11:80/: \"Connection refused\"", t))),
                        new Health(List.of(WEB), RS2, true, 1, t, List.of())),
                SyncStatus.NONE);
        RateHistory history = new RateHistory();
        history.record(s);
        String json = StatusJson.of(s, history);
        assertTrue(json.contains("{\"address\":\"10.0.0.12\",\"port\":80,\"method\":\"Route\",\"weight\":1,\"active\":2,"
                + "\"inactive\":3,\"inTable\":true,\"conns\":9,\"inPackets\":0,\"inBytes\":0,\"cps\":1,\"pps\":2,\"bps\":3,"
                + "\"history\":[[1,2,3]],\"health\":\"up\""), json);
        assertTrue(json.contains("{\"address\":\"10.0.0.11\",\"port\":80,\"method\":\"-\",\"weight\":0,\"active\":0,"
                + "\"inactive\":0,\"inTable\":false,\"health\":\"down\",\"since\":1700000000000,\"checks\":[{\"checker\":"
                + "\"HTTP_GET 10.0.0.11:80\",\"up\":false,\"reason\":\"http://10.0.0.11:80/: \\\"Connection refused\\\"\"}]}"),
                json);
    }
}
