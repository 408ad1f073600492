package io.lvs4j.control.ipvsadm;

import io.lvs4j.scheduler.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Port names in service addresses ("-t 10.0.0.1:http"), looked up like ipvsadm's
 * getservbyname: in /etc/services. Containers often lack that file, so a few names every LVS
 * lab uses are known without it.
 */
final class PortNames {
    private static final Path SERVICES = Path.of("/etc/services");
    private static final Map<String, Integer> BUILT_IN = Map.of(
            "ftp", 21, "ssh", 22, "telnet", 23, "smtp", 25, "domain", 53,
            "http", 80, "www", 80, "pop3", 110, "imap", 143, "https", 443);
    private static volatile Map<String, Integer> table;

    private PortNames() {
    }

    /** The port for this name and protocol, or -1 when the name is unknown. */
    static int lookup(String name, Protocol protocol) {
        Integer port = table().get(name + "/" + protocol.name().toLowerCase(Locale.ROOT));
        if (port == null) {
            port = BUILT_IN.get(name);
        }
        return port == null ? -1 : port;
    }

    private static Map<String, Integer> table() {
        Map<String, Integer> t = table;
        if (t == null) {
            t = read();
            table = t;
        }
        return t;
    }

    /** name/proto → port, aliases included; empty when the file cannot be read. */
    private static Map<String, Integer> read() {
        Map<String, Integer> t = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(SERVICES, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return t;
        }
        for (String line : lines) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            int slash = f[1].indexOf('/');
            if (slash < 0) {
                continue;
            }
            int port = CNumber.parse(f[1].substring(0, slash), 0, 65535);
            if (port < 0) {
                continue;
            }
            String proto = f[1].substring(slash + 1);
            for (int i = 0; i < f.length; i++) {
                if (i != 1) {
                    t.putIfAbsent(f[i] + "/" + proto, port);
                }
            }
        }
        return t;
    }
}
