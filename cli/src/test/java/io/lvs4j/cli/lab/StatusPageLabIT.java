package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status page of {@code run --keepalived … --metrics}, rendered by headless Chromium in the
 * director's namespace: every real server is listed with its health, and a real server whose
 * HTTP service stops shows as down once its HTTP_GET check notices.
 */
@Tag("lab")
class StatusPageLabIT {
    private static final String URL = "http://127.0.0.1:9100/";
    private static final Pattern ROW = Pattern.compile(
            "<tr class=\"server[^\"]*\" data-server=\"([^\"]*)\" data-state=\"([^\"]*)\">(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);
    /**
     * HTTP_GET_RR's checks: every second, a 1 s connect timeout, one retry 1 s later, so a stopped
     * server is down about 3 s after it stops; the rest is slack for Chromium on a busy machine.
     */
    private static final long DETECTION_DEADLINE_MILLIS = 45_000;

    /** A rendered server row: its state attribute and its cells' text. */
    record Row(String state, List<String> cells) {
        String cell(int i) {
            return cells.get(i);
        }
    }

    @Test
    void listsEveryServerWithItsHealthAndShowsAStoppedOneDown() throws Exception {
        Lab.requirePrerequisites("status page", List.of("chromium"), List.of());
        Path profile = Files.createTempDirectory("lvs4j-chromium");
        try (Lab lab = Lab.up();
             KeepalivedDirector director = KeepalivedDirector.start(lab, KeepalivedLabIT.HTTP_GET_RR,
                     List.of("--metrics", "127.0.0.1:9100"), Lab.RS1, Lab.RS2)) {
            String rs1 = "TCP " + Lab.VIP + ":80 -> " + Lab.RS1 + ":80";
            String rs2 = "TCP " + Lab.VIP + ":80 -> " + Lab.RS2 + ":80";
            AtomicReference<Map<String, Row>> page = new AtomicReference<>();
            assertTrue(Shell.await(60_000, () -> {
                page.set(render(lab, profile));
                return page.get().size() == 2 && page.get().values().stream().allMatch(r -> r.state().equals("up")
                        && r.cell(5).endsWith(" ok"));
            }), "both servers rendered up once checked: " + page.get());
            for (String server : List.of(rs1, rs2)) {
                Row row = page.get().get(server);
                assertEquals("Route", row.cell(1), server + " method");
                assertEquals("1", row.cell(2), server + " weight");
                assertEquals("up", row.cell(3), server + " health");
            }

            try {
                LabHttpd.stop(lab, "rs1");
                long stopped = System.currentTimeMillis();
                // the health turns down first and the table change follows it, so a render may
                // catch the few milliseconds between: wait for both
                boolean down = Shell.await(DETECTION_DEADLINE_MILLIS, () -> {
                    page.set(render(lab, profile));
                    Row row = page.get().get(rs1);
                    return row != null && row.state().equals("down") && row.cell(3).equals("down (out of the table)");
                });
                assertTrue(down, "rs1 rendered \"down (out of the table)\" within " + DETECTION_DEADLINE_MILLIS
                        + " ms: " + page.get() + "\n" + director.log());
                Row row = page.get().get(rs1);
                assertTrue(row.cell(5).contains("Connection refused"), "rs1's last check says why: " + row);
                assertEquals("up", page.get().get(rs2).state(), "rs2 stays up: " + page.get());
                System.out.println("rs1 rendered down " + (System.currentTimeMillis() - stopped) + " ms after its stop");
            } finally {
                LabHttpd.ensureRunning(lab, "rs1");
            }
        } finally {
            Shell.run(30, "rm", "-rf", profile.toString());
        }
    }

    /** The page as Chromium renders it (its script run): server → row. */
    private static Map<String, Row> render(Lab lab, Path profile) {
        String dom = lab.exec(90, "director", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--virtual-time-budget=3000", "--dump-dom", URL).orFail("chromium").out();
        Map<String, Row> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            List<String> cells = CELL.matcher(m.group(3)).results().map(c -> text(c.group(1))).toList();
            rows.put(text(m.group(1)), new Row(m.group(2), cells));
        }
        return rows;
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
                .replace("\u2192 ", "").strip();
    }
}

