package io.lvs4j.control.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The live status page: / (HTML), /status.js (its script), /status.json (a fresh snapshot). The
 * page and script are plain files from this package's resources; nothing comes from elsewhere.
 */
final class StatusPage implements HttpHandler {
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"status.html", "text/html; charset=utf-8"},
            "/status.js", new String[] {"status.js", "text/javascript; charset=utf-8"});

    private final Supplier<DirectorSnapshot> snapshots;
    private final RateHistory history;

    StatusPage(Supplier<DirectorSnapshot> snapshots, RateHistory history) {
        this.snapshots = snapshots;
        this.history = history;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String[] file = FILES.get(path);
            if (file != null) {
                send(exchange, 200, file[1], resource(file[0]));
            } else if (path.equals("/status.json")) {
                send(exchange, 200, "application/json", json());
            } else {
                send(exchange, 404, "text/plain; charset=utf-8",
                        "not found: try / or /metrics\n".getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            exchange.close();
        }
    }

    /** A fresh snapshot as JSON; or, when the datapath cannot answer (starting, stopping), null: a 503. */
    private byte[] json() {
        try {
            return StatusJson.of(snapshots.get(), history).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (body == null) {
            send(exchange, 503, "text/plain; charset=utf-8", "the director is not answering (starting or stopping)\n"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
