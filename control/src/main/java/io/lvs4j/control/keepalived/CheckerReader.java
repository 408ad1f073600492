package io.lvs4j.control.keepalived;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/** Reads one checker block (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK) of a real server. */
final class CheckerReader {
    static final Set<String> SUPPORTED = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK");
    static final Set<String> NOT_YET = Set.of("SMTP_CHECK", "DNS_CHECK", "UDP_CHECK", "PING_CHECK",
            "BFD_CHECK", "FILE_CHECK");

    private final Messages messages;

    CheckerReader(Messages messages) {
        this.messages = messages;
    }

    CheckerConfig read(ConfigNode node, Endpoint realServer, CheckDefaults inherited, String virtualhost) {
        if (!node.isBlock()) {
            throw ConfigException.at(node.keyword(), node.name() + " needs a { ... } block");
        }
        Values.flag(node);
        CheckDefaults timing = inherited.copy();
        Connect connect = new Connect(realServer);
        return switch (node.name()) {
            case "TCP_CHECK" -> {
                for (ConfigNode c : node.children()) {
                    if (!timing.accept(c) && !connect.accept(c)) {
                        unknown(c, node);
                    }
                }
                yield new TcpCheckConfig(connect.options(timing));
            }
            case "HTTP_GET", "SSL_GET" -> http(node, timing, connect, virtualhost);
            case "MISC_CHECK" -> misc(node, timing, realServer);
            default -> throw new IllegalArgumentException(node.name());
        };
    }

    private HttpCheckConfig http(ConfigNode node, CheckDefaults timing, Connect connect, String virtualhost) {
        boolean tls = node.name().equals("SSL_GET");
        List<UrlCheck> urls = new ArrayList<>();
        String host = virtualhost;
        boolean sni = false;
        for (ConfigNode c : node.children()) {
            if (timing.accept(c)) {
                continue;
            }
            switch (c.name()) {
                case "url" -> urls.add(url(c));
                case "virtualhost" -> host = Values.word(c, "one host name");
                case "enable_sni" -> {
                    Values.flag(c);
                    sni = true;
                }
                default -> {
                    if (!connect.accept(c)) {
                        unknown(c, node);
                    }
                }
            }
        }
        if (urls.isEmpty()) {
            throw ConfigException.at(node.keyword(), node.name() + " needs at least one url { path ... } block");
        }
        if (sni && !tls) {
            throw ConfigException.at(node.keyword(), "enable_sni is for SSL_GET, not HTTP_GET");
        }
        return new HttpCheckConfig(tls, connect.options(timing), List.copyOf(urls), host, sni, false);
    }

    private UrlCheck url(ConfigNode node) {
        if (!node.isBlock()) {
            throw ConfigException.at(node.keyword(), "url needs a { path ... } block");
        }
        Values.flag(node);
        String path = null;
        String digest = null;
        BitSet codes = new BitSet(600);
        for (ConfigNode c : node.children()) {
            switch (c.name()) {
                case "path" -> {
                    path = Values.word(c, "one path, e.g. /index.html");
                    if (!path.startsWith("/")) {
                        throw ConfigException.at(c.args().get(0), "bad path '" + path + "' (allowed: a path starting with /)");
                    }
                }
                case "digest" -> {
                    digest = Values.word(c, "one MD5 digest (32 hex digits)").toLowerCase();
                    if (!digest.matches("[0-9a-f]{32}")) {
                        throw ConfigException.at(c.args().get(0), "bad digest '" + c.args().get(0).text()
                                + "' (allowed: an MD5 digest, 32 hex digits, as genhash prints it)");
                    }
                }
                case "status_code" -> statusCodes(c, codes);
                default -> messages.warn(c.keyword(), "unknown keyword '" + c.name() + "' in url, ignored");
            }
        }
        if (path == null) {
            throw ConfigException.at(node.keyword(), "url needs a path");
        }
        if (codes.isEmpty()) {
            codes.set(200, 300);
        }
        return new UrlCheck(path, codes, digest);
    }

    /** {@code status_code 200 301-302 ...}: codes and ranges, 100-599. */
    private static void statusCodes(ConfigNode node, BitSet codes) {
        if (node.args().isEmpty()) {
            throw ConfigException.at(node.keyword(), "status_code takes codes or ranges (100-599), got nothing");
        }
        for (Token t : node.args()) {
            String s = t.text();
            int dash = s.indexOf('-', 1);
            int from = Values.integer(dash < 0 ? t : part(t, s.substring(0, dash)), "status_code", 100, 599);
            int to = dash < 0 ? from : Values.integer(part(t, s.substring(dash + 1)), "status_code", 100, 599);
            if (to < from) {
                throw ConfigException.at(t, "bad status_code range '" + s + "' (allowed: LOW-HIGH with LOW <= HIGH)");
            }
            codes.set(from, to + 1);
        }
    }

    private static Token part(Token t, String text) {
        return new Token(text, t.file(), t.line(), t.quoted());
    }

    private MiscCheckConfig misc(ConfigNode node, CheckDefaults timing, Endpoint realServer) {
        List<String> command = null;
        Duration timeout = null;
        boolean dynamic = false;
        for (ConfigNode c : node.children()) {
            if (timing.accept(c)) {
                continue;
            }
            switch (c.name()) {
                case "misc_path" -> command = CommandLine.split(c);
                case "misc_timeout" -> timeout = Values.seconds(c, Duration.ofMillis(1));
                case "misc_dynamic" -> {
                    Values.flag(c);
                    dynamic = true;
                }
                case "user" -> messages.warn(c.keyword(), "user in MISC_CHECK is not supported yet, the script runs as lvs4j's user");
                default -> unknown(c, node);
            }
        }
        if (command == null) {
            throw ConfigException.at(node.keyword(), "MISC_CHECK needs a misc_path");
        }
        CheckOptions options = new Connect(realServer).options(timing);
        return new MiscCheckConfig(options, command, timeout == null ? timing.delayLoop : timeout, dynamic);
    }

    private void unknown(ConfigNode c, ConfigNode in) {
        messages.warn(c.keyword(), "unknown keyword '" + c.name() + "' in " + in.name() + ", ignored");
    }

    /** connect_ip, connect_port and bindto; the real server's address and port unless given. */
    private static final class Connect {
        private Inet4Address ip;
        private int port;
        private Inet4Address bindTo;

        Connect(Endpoint realServer) {
            ip = realServer.address();
            port = realServer.port();
        }

        boolean accept(ConfigNode c) {
            switch (c.name()) {
                case "connect_ip" -> ip = Values.ipv4(argument(c), "connect_ip");
                case "connect_port" -> port = Values.port(argument(c));
                case "bindto" -> bindTo = Values.ipv4(argument(c), "bindto");
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static Token argument(ConfigNode c) {
            Values.count(c, 1, "one value");
            return c.args().get(0);
        }

        CheckOptions options(CheckDefaults t) {
            return new CheckOptions(new Endpoint(ip, port), bindTo, t.connectTimeout, t.retry, t.delayBeforeRetry,
                    t.delayLoop, t.warmup, t.alpha);
        }
    }
}
