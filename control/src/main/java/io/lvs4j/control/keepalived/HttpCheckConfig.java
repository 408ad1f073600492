package io.lvs4j.control.keepalived;

import java.util.List;

/**
 * HTTP_GET or SSL_GET: every url must answer with an accepted status (and digest, if given).
 *
 * @param virtualhost the Host header (and TLS server name with {@code enable_sni}), or null
 * @param verifyCertificate whether the server certificate must chain to the JDK's trusted CAs;
 *                          keepalived does not verify, so the parser leaves this false
 */
public record HttpCheckConfig(boolean tls, CheckOptions options, List<UrlCheck> urls, String virtualhost,
                              boolean enableSni, boolean verifyCertificate) implements CheckerConfig {
    @Override
    public String keyword() {
        return tls ? "SSL_GET" : "HTTP_GET";
    }
}
