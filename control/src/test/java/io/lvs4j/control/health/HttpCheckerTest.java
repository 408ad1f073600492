package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lvs4j.control.keepalived.HttpCheckConfig;
import io.lvs4j.control.keepalived.UrlCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP_GET against a JDK HttpServer on loopback. */
class HttpCheckerTest {
    static final byte[] BODY = "hello from the real server\n".getBytes(StandardCharsets.UTF_8);
    /** md5sum of BODY, computed outside Java: printf 'hello from the real server\n' | md5sum */
    static final String BODY_MD5 = "12a2f67a6cf03d885f4eb03efc0228e9";

    HttpServer server;
    final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, 0), 10);
        server.createContext("/ok", ex -> answer(ex, 200, BODY));
        server.createContext("/broken", ex -> answer(ex, 500, "oops".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/moved", ex -> answer(ex, 301, new byte[0]));
        server.start();
    }

    private void answer(HttpExchange ex, int status, byte[] body) throws IOException {
        hosts.add(ex.getRequestHeaders().getFirst("Host"));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static UrlCheck url(String path, String digest, int... codes) {
        BitSet set = new BitSet();
        for (int c : codes) {
            set.set(c);
        }
        if (codes.length == 0) {
            set.set(200, 300);
        }
        return new UrlCheck(path, set, digest);
    }

    CheckResult check(String virtualhost, UrlCheck... urls) {
        return new HttpChecker(new HttpCheckConfig(false, Loopback.options(server.getAddress().getPort(),
                Duration.ofSeconds(10)), List.of(urls), virtualhost, false, false)).check();
    }

    String target(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void upWithAnAcceptedStatus() {
        CheckResult r = check(null, url("/ok", null));
        assertTrue(r.up(), r.reason());
        assertEquals(target("/ok") + " ok", r.reason());
        assertEquals(List.of("127.0.0.1:" + server.getAddress().getPort()), hosts);
    }

    @Test
    void downWithAWrongStatus() {
        CheckResult r = check(null, url("/broken", null));
        assertFalse(r.up());
        assertEquals(target("/broken") + ": status 500 (allowed: 200-299)", r.reason());
        assertTrue(check(null, url("/broken", null, 500)).up(), "500 is fine when listed");
        assertEquals(target("/moved") + ": status 301 (allowed: 200)", check(null, url("/moved", null, 200)).reason());
    }

    @Test
    void theDigestIsTheMd5OfTheBody() {
        CheckResult good = check(null, url("/ok", BODY_MD5));
        assertTrue(good.up(), good.reason());
        String wrong = "0123456789abcdef0123456789abcdef";
        CheckResult bad = check(null, url("/ok", wrong));
        assertFalse(bad.up());
        assertEquals(target("/ok") + ": body digest " + BODY_MD5 + " (expected " + wrong + ")", bad.reason());
    }

    @Test
    void everyUrlMustPass() {
        CheckResult r = check(null, url("/ok", null), url("/broken", null));
        assertFalse(r.up());
        assertTrue(r.reason().startsWith(target("/broken")), r.reason());
        assertEquals("2 urls ok", check(null, url("/ok", null), url("/moved", null, 301)).reason());
    }

    @Test
    void virtualhostIsTheHostHeader() {
        assertTrue(check("www.example.com", url("/ok", null)).up());
        assertEquals(List.of("www.example.com:" + server.getAddress().getPort()), hosts);
    }

    @Test
    void downWhenRefused() throws IOException {
        int port = Loopback.closedPort();
        CheckResult r = new HttpChecker(new HttpCheckConfig(false, Loopback.options(port, Duration.ofSeconds(5)),
                List.of(url("/", null)), null, false, false)).check();
        assertFalse(r.up());
        assertTrue(r.reason().startsWith("http://127.0.0.1:" + port + "/: Connection refused"), r.reason());
    }

    @Test
    void downWhenTheServerAcceptsAndNeverAnswers() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, Loopback.ADDRESS)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            CheckResult r = new HttpChecker(new HttpCheckConfig(false,
                    Loopback.options(silent.getLocalPort(), Duration.ofMillis(300)), List.of(url("/", null)),
                    null, false, false)).check();
            assertFalse(r.up());
            assertEquals("http://127.0.0.1:" + silent.getLocalPort() + "/: no answer within 0.3s", r.reason());
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void downWhenTheAnswerIsNotHttp() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 10, Loopback.ADDRESS)) {
            Thread t = new Thread(() -> {
                try (Socket s = garbage.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the check reports what it saw
                }
            });
            t.start();
            CheckResult r = new HttpChecker(new HttpCheckConfig(false,
                    Loopback.options(garbage.getLocalPort(), Duration.ofSeconds(10)), List.of(url("/", null)),
                    null, false, false)).check();
            t.join();
            assertFalse(r.up());
            assertTrue(r.reason().endsWith(": not an HTTP response (17 bytes)"), r.reason());
        }
    }
}
