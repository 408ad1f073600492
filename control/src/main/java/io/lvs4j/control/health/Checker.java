package io.lvs4j.control.health;

/** One kind of health check against one real server; {@link #check} does real, blocking I/O. */
public interface Checker {
    /** keepalived's keyword and the target, e.g. {@code TCP_CHECK 10.0.0.2:80}. */
    String describe();

    /** One attempt, within the checker's own timeout; failures are results, never exceptions. */
    CheckResult check();
}
