package io.lvs4j.control.keepalived;

/** One checker block of a real server: TCP_CHECK, HTTP_GET, SSL_GET or MISC_CHECK. */
public sealed interface CheckerConfig permits TcpCheckConfig, HttpCheckConfig, MiscCheckConfig {
    /** keepalived's keyword for this checker. */
    String keyword();

    CheckOptions options();
}
