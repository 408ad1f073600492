package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.CheckOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Opens the check's TCP connection: from bindto if given, to connect_ip:connect_port, within connect_timeout. */
final class Connector {
    private Connector() {
    }

    static Socket connect(CheckOptions options) throws IOException {
        Socket socket = new Socket();
        try {
            if (options.bindTo() != null) {
                socket.bind(new InetSocketAddress(options.bindTo(), 0));
            }
            socket.connect(options.connectTo().socketAddress(), timeoutMillis(options));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static int timeoutMillis(CheckOptions options) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
    }

    static String seconds(CheckOptions options) {
        return options.connectTimeout().toMillis() / 1000.0 + "s";
    }

    /** An exception as one short phrase: its message, or its type when it has none. */
    static String why(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
