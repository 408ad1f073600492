package io.lvs4j.cli;

import io.lvs4j.forwarder.DecapHost;
import io.lvs4j.forwarder.Decapsulator;
import io.lvs4j.forwarder.Decapsulator.Outcome;
import io.lvs4j.forwarder.Capabilities;
import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.forwarder.SignalledThread;
import io.lvs4j.packet.Ipv4Address;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lvs4j decap}: the LVS-TUN real-server end where the kernel has no ipip module. IPIP to
 * this host's address is captured on IFACE; the inner packets are written to a TUN device holding
 * the VIPs, so the local stack answers the clients directly, as it would behind tunl0.
 */
@Command(name = "decap", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Userspace IPIP endpoint for an LVS-TUN real server whose kernel has no ipip module.",
                "Captures IPIP addressed to IFACE's IPv4 address, checks it, and writes the inner packet"
                        + " into a TUN device that holds the VIP(s) as /32. Sets rp_filter=0 (device and all),"
                        + " arp_ignore=1 and arp_announce=2 (all) while it runs and restores them on exit;"
                        + " the device disappears on exit. Runs until SIGINT or SIGTERM, then prints counters."})
public final class DecapCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DecapCommand.class);

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", required = true,
            description = "The NIC the director's tunnelled packets arrive on; its IPv4 address is the outer destination.")
    String iface;

    @Option(names = "--vip", paramLabel = "VIP", required = true,
            description = "A virtual IPv4 address to accept inner packets for (repeatable).")
    List<String> vipTexts;

    @Option(names = "--tun", paramLabel = "NAME", defaultValue = "lvs4j-tun0",
            description = "The TUN device to create (default: ${DEFAULT-VALUE}); it must not exist yet.")
    String tunName;

    private DecapHost host;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        try {
            int[] vips = parseVips(vipTexts);
            Capabilities.require("decap");
            int[] own = DecapHost.ownAddresses(iface);
            for (int vip : vips) {
                if (contains(own, vip)) {
                    throw new DirectorException("--vip " + Ipv4Address.toString(vip) + " is " + iface
                            + "'s own address; the VIP must be another address (the director tunnels to the own one)");
                }
            }
            host = new DecapHost(iface, tunName);
            Decapsulator decap;
            try {
                decap = host.setUp(own, vips);
            } catch (RuntimeException e) {
                host.tearDown(true);
                throw e;
            }
            return runUntilSignalled(decap, own, vips);
        } catch (DirectorException e) {
            err.println("lvs4j decap: " + e.getMessage());
            return 2;
        }
    }

    private int runUntilSignalled(Decapsulator decap, int[] own, int[] vips) {
        long started = System.currentTimeMillis();
        log.info("decapsulating IPIP to {} on {} into {} (VIP {}); rp_filter 0, arp_ignore 1, arp_announce 2;"
                        + " Ctrl-C stops", list(own), iface, tunName,
                Arrays.stream(vips).mapToObj(v -> Ipv4Address.toString(v) + "/32").collect(Collectors.joining(", ")));
        // With no traffic libpcap 1.10 can block in poll() past its read timeout; then the thread
        // is idle in native code and the process ends around it: a short join is enough.
        SignalledThread.runUntilSignalled(new Thread(() -> decap.run(host.port()), "decap-" + iface), decap::stop, 300,
                stopped -> {
                    long kernelDrops = host.port().kernelDrops();
                    long writeErrors = host.tun().writeErrors();
                    String tunError = host.tun().lastError();
                    String notRestored = host.tearDown(stopped);
                    printSummary(System.out, decap, kernelDrops, writeErrors, tunError,
                            System.currentTimeMillis() - started);
                    if (!notRestored.isEmpty()) {
                        System.out.println("  could not restore: " + notRestored);
                    }
                    System.out.flush();
                });
        return 0;
    }

    static void printSummary(PrintStream out, Decapsulator d, long kernelDrops, long writeErrors, String tunError,
                             long uptimeMillis) {
        out.printf(Locale.ROOT, "lvs4j decap: stopped after %.1f s%n", uptimeMillis / 1000.0);
        out.printf(Locale.ROOT, "  decapsulated %d packets, %d bytes%n", d.count(Outcome.DECAPSULATED),
                d.decapsulatedBytes());
        StringBuilder sb = new StringBuilder("  rejected ").append(d.rejected());
        String sep = ": ";
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.DECAPSULATED && d.count(o) != 0) {
                sb.append(sep).append(o.label()).append(' ').append(d.count(o));
                sep = ", ";
            }
        }
        out.println(sb);
        out.printf(Locale.ROOT, "  capture errors %d, TUN write errors %d%s, kernel drops %d%n", d.captureErrors(),
                writeErrors, writeErrors == 0 ? "" : " (last: " + tunError + ")", kernelDrops);
    }

    /** Unicast IPv4 only: 0/8, 127/8, multicast and 240/4 (broadcast included) cannot be a service address. */
    static int[] parseVips(List<String> texts) {
        int[] vips = new int[texts.size()];
        int n = 0;
        for (String t : texts) {
            int ip;
            try {
                ip = Ipv4Address.parse(t);
            } catch (IllegalArgumentException e) {
                throw new DirectorException("--vip: " + e.getMessage());
            }
            int first = ip >>> 24;
            if (first == 0 || first == 127 || first >= 224) {
                throw new DirectorException("--vip " + t + " is not a unicast address a service can have");
            }
            if (!contains(Arrays.copyOf(vips, n), ip)) {
                vips[n++] = ip;
            }
        }
        return Arrays.copyOf(vips, n);
    }

    private static boolean contains(int[] set, int ip) {
        for (int a : set) {
            if (a == ip) {
                return true;
            }
        }
        return false;
    }

    private static String list(int[] ips) {
        return Arrays.stream(ips).mapToObj(Ipv4Address::toString).collect(Collectors.joining(", "));
    }
}
