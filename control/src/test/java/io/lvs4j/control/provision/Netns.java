package io.lvs4j.control.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh network namespace with a unique name, deleted on close (use try-with-resources, so a
 * failing test deletes it too). Its net.ipv4.conf sysctls are its own, so tests never touch the
 * host's settings.
 */
final class Netns implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String name;

    private Netns(String name) {
        this.name = name;
    }

    static Netns create() {
        String name = "lvs4jprov" + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        Proc.Result r = Proc.run(List.of("ip", "netns", "add", name));
        if (r.exit() != 0) {
            throw new AssertionError("ip netns add " + name + " failed: " + r.output());
        }
        return new Netns(name);
    }

    /** Runs a command inside the namespace. */
    Proc.Result exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return Proc.run(full);
    }

    /** Runs a command inside and fails unless it exits 0; returns its output. */
    String ok(String... command) {
        Proc.Result r = exec(command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** A sysctl read inside the namespace, e.g. "net/ipv4/conf/lo/arp_ignore". */
    String sysctl(String path) {
        return ok("cat", "/proc/sys/" + path).strip();
    }

    @Override
    public void close() {
        Proc.run(List.of("ip", "netns", "delete", name));
    }
}
