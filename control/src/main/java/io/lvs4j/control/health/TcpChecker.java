package io.lvs4j.control.health;

import io.lvs4j.control.keepalived.TcpCheckConfig;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** TCP_CHECK: up when a TCP connection completes within connect_timeout; it is closed at once. */
public final class TcpChecker implements Checker {
    private final TcpCheckConfig config;

    public TcpChecker(TcpCheckConfig config) {
        this.config = config;
    }

    @Override
    public String describe() {
        return "TCP_CHECK " + config.options().connectTo();
    }

    @Override
    public CheckResult check() {
        try (Socket ignored = Connector.connect(config.options())) {
            return CheckResult.up("connected to " + config.options().connectTo());
        } catch (SocketTimeoutException e) {
            return CheckResult.down("connect to " + config.options().connectTo() + ": no answer within "
                    + Connector.seconds(config.options()));
        } catch (IOException e) {
            return CheckResult.down("connect to " + config.options().connectTo() + " failed: " + Connector.why(e));
        }
    }
}
