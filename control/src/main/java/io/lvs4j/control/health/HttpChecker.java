package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CheckOptions;
import io.lvs4j.control.keepalived.HttpCheckConfig;
import io.lvs4j.control.keepalived.UrlCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP_GET and SSL_GET, as keepalived does them: an HTTP/1.0 GET per url, the body read to the
 * end of the connection, the status checked against the url's codes and the body's MD5 against
 * its digest. A plain socket rather than java.net.http: JDK 17's HttpClient can neither bind a
 * source address (bindto) nor send another Host header (virtualhost) with the real server's IP.
 */
public final class HttpChecker implements Checker {
    private static final int MAX_RESPONSE = 16 << 20;
    private final HttpCheckConfig config;
    private final SSLContext tls;

    public HttpChecker(HttpCheckConfig config) {
        this.config = config;
        try {
            this.tls = config.tls() ? TlsContexts.context(config.verifyCertificate()) : null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return config.keyword() + " " + config.options().connectTo();
    }

    @Override
    public CheckResult check() {
        for (UrlCheck url : config.urls()) {
            CheckResult r = get(url);
            if (!r.up()) {
                return r;
            }
        }
        List<UrlCheck> urls = config.urls();
        return CheckResult.up(urls.size() == 1 ? target(urls.get(0)) + " ok" : urls.size() + " urls ok");
    }

    private String target(UrlCheck url) {
        return (config.tls() ? "https://" : "http://") + config.options().connectTo() + url.path();
    }

    private CheckResult get(UrlCheck url) {
        CheckOptions o = config.options();
        long deadline = System.nanoTime() + o.connectTimeout().toNanos();
        byte[] response;
        try (Socket socket = open()) {
            socket.getOutputStream().write(request(url).getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            response = readAll(socket, deadline);
        } catch (SocketTimeoutException e) {
            return CheckResult.down(target(url) + ": no answer within " + Connector.seconds(o));
        } catch (IOException e) {
            return CheckResult.down(target(url) + ": " + Connector.why(e));
        }
        HttpResponse r = HttpResponse.parse(response);
        if (r == null) {
            return CheckResult.down(target(url) + ": not an HTTP response (" + response.length + " bytes)");
        }
        if (!url.accepts(r.status())) {
            return CheckResult.down(target(url) + ": status " + r.status() + " (allowed: " + url.statusCodesText() + ")");
        }
        if (url.digest() != null) {
            String digest = md5(r.body());
            if (!digest.equals(url.digest())) {
                return CheckResult.down(target(url) + ": body digest " + digest + " (expected " + url.digest() + ")");
            }
        }
        return CheckResult.up(target(url) + " status " + r.status());
    }

    private Socket open() throws IOException {
        Socket plain = Connector.connect(config.options());
        if (tls == null) {
            return plain;
        }
        // The name the certificate is verified against: the virtualhost if any, else the address.
        String peer = config.virtualhost() != null && config.verifyCertificate() ? config.virtualhost()
                : config.options().connectTo().address().getHostAddress();
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, peer,
                config.options().connectTo().port(), true);
        SSLParameters params = ssl.getSSLParameters();
        boolean sni = config.enableSni() && config.virtualhost() != null;
        params.setServerNames(sni ? List.of(new SNIHostName(config.virtualhost())) : List.of());
        if (config.verifyCertificate()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(Connector.timeoutMillis(config.options()));
        ssl.startHandshake();
        return ssl;
    }

    private String request(UrlCheck url) {
        int port = config.options().connectTo().port();
        String host = config.virtualhost() != null ? config.virtualhost()
                : config.options().connectTo().address().getHostAddress();
        boolean defaultPort = port == (config.tls() ? 443 : 80);
        return "GET " + url.path() + " HTTP/1.0\r\n"
                + "User-Agent: lvs4j-health\r\n"
                + "Host: " + host + (defaultPort ? "" : ":" + port) + "\r\n"
                + "Connection: close\r\n\r\n";
    }

    /** The whole response, to the end of the connection, within the check's deadline. */
    private static byte[] readAll(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n = in.read(buf);
            if (n < 0) {
                return out.toByteArray();
            }
            if (out.size() + n > MAX_RESPONSE) {
                throw new IOException("response larger than " + (MAX_RESPONSE >> 20) + " MiB");
            }
            out.write(buf, 0, n);
        }
    }

    /** The body's MD5 in lower-case hex, as keepalived's genhash prints it. */
    static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has MD5", e);
        }
    }
}
