package io.lvs4j.control.keepalived;

/** TCP_CHECK: the real server is up when a TCP connection to it completes in time. */
public record TcpCheckConfig(CheckOptions options) implements CheckerConfig {
    @Override
    public String keyword() {
        return "TCP_CHECK";
    }
}
