package io.lvs4j.control.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.lvs4j.control.keepalived.HttpCheckConfig;
import io.lvs4j.control.keepalived.UrlCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSL_GET against an HttpsServer on loopback with a self-signed certificate made by keytool. */
class SslCheckerTest {
    static final char[] PASSWORD = "changeit".toCharArray();
    static HttpsServer server;
    static SSLContext serverTls;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        serverTls = tls;

        server = HttpsServer.create(new InetSocketAddress(Loopback.ADDRESS, 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/ok", ex -> {
            ex.sendResponseHeaders(200, HttpCheckerTest.BODY.length);
            ex.getResponseBody().write(HttpCheckerTest.BODY);
            ex.close();
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static CheckResult check(int port, boolean verify, String virtualhost, UrlCheck url) {
        return new HttpChecker(new HttpCheckConfig(true, Loopback.options(port, Duration.ofSeconds(10)), List.of(url),
                virtualhost, virtualhost != null, verify)).check();
    }

    static String target(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void upWithoutVerifyingTheCertificateAndTheDigestIsChecked() {
        int port = server.getAddress().getPort();
        CheckResult r = check(port, false, null, HttpCheckerTest.url("/ok", HttpCheckerTest.BODY_MD5));
        assertTrue(r.up(), r.reason());
        assertEquals(target("/ok") + " ok", r.reason());
        CheckResult wrong = check(port, false, null, HttpCheckerTest.url("/ok", "ffffffffffffffffffffffffffffffff"));
        assertFalse(wrong.up());
        assertTrue(wrong.reason().contains("body digest " + HttpCheckerTest.BODY_MD5), wrong.reason());
    }

    @Test
    void sniCarriesTheVirtualhostOnlyWithEnableSni() throws Exception {
        assertEquals("[type=host_name (0), value=www.example.com]", serverNamesSeen(true));
        assertEquals("[]", serverNamesSeen(false));
    }

    /** The server names a raw TLS server on loopback receives from one SSL_GET with virtualhost www.example.com. */
    private static String serverNamesSeen(boolean enableSni) throws Exception {
        try (SSLServerSocket raw = (SSLServerSocket) serverTls.getServerSocketFactory()
                .createServerSocket(0, 10, Loopback.ADDRESS)) {
            AtomicReference<String> names = new AtomicReference<>("none");
            Thread t = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) raw.accept()) {
                    s.startHandshake();
                    names.set(((ExtendedSSLSession) s.getSession()).getRequestedServerNames().toString());
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the check reports what it saw
                }
            });
            t.start();
            CheckResult r = new HttpChecker(new HttpCheckConfig(true, Loopback.options(raw.getLocalPort(),
                    Duration.ofSeconds(10)), List.of(HttpCheckerTest.url("/", null)), "www.example.com", enableSni,
                    false)).check();
            t.join();
            assertTrue(r.up(), r.reason());
            return names.get();
        }
    }

    @Test
    void downWithAWrongStatus() {
        CheckResult r = check(server.getAddress().getPort(), false, null, HttpCheckerTest.url("/broken", null));
        assertFalse(r.up());
        assertEquals(target("/broken") + ": status 503 (allowed: 200-299)", r.reason());
    }

    @Test
    void aSelfSignedCertificateFailsWhenVerificationIsAskedFor() {
        CheckResult r = check(server.getAddress().getPort(), true, null, HttpCheckerTest.url("/ok", null));
        assertFalse(r.up());
        assertTrue(r.reason().contains("PKIX"), r.reason());
    }

    @Test
    void downWhenTheServerDoesNotSpeakTls() throws Exception {
        // Answers plain HTTP at once, whatever it is sent, so the handshake fails without waiting.
        try (ServerSocket plain = new ServerSocket(0, 10, Loopback.ADDRESS)) {
            Thread t = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the check reports what it saw
                }
            });
            t.start();
            CheckResult r = check(plain.getLocalPort(), false, null, HttpCheckerTest.url("/", null));
            t.join();
            assertFalse(r.up(), r.reason());
            assertTrue(r.reason().startsWith("https://127.0.0.1:" + plain.getLocalPort() + "/: "), r.reason());
            assertFalse(r.reason().contains("no answer"), r.reason());
        }
    }
}
