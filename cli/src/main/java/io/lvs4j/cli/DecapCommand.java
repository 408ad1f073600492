package io.lvs4j.cli;

import io.lvs4j.forwarder.Decapsulator;
import io.lvs4j.forwarder.Decapsulator.Outcome;
import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.forwarder.IpipProtocolClaim;
import io.lvs4j.forwarder.Nic;
import io.lvs4j.forwarder.PcapPort;
import io.lvs4j.forwarder.TunDevice;
import io.lvs4j.packet.Ipv4Address;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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

    /** What was set up, undone in reverse order by {@link #tearDown(boolean)}, exactly once. */
    private TunDevice tun;
    private IpipProtocolClaim claim;
    private PcapPort port;
    private final KernelSettings settings = new KernelSettings();
    private boolean tornDown;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        try {
            int[] vips = parseVips(vipTexts);
            Capabilities.require("decap");
            int[] own = ownAddresses(iface);
            for (int vip : vips) {
                if (contains(own, vip)) {
                    throw new DirectorException("--vip " + Ipv4Address.toString(vip) + " is " + iface
                            + "'s own address; the VIP must be another address (the director tunnels to the own one)");
                }
            }
            Decapsulator decap;
            try {
                decap = setUp(own, vips);
            } catch (RuntimeException e) {
                tearDown(true);
                throw e;
            }
            return runUntilSignalled(decap, own, vips);
        } catch (DirectorException e) {
            err.println("lvs4j decap: " + e.getMessage());
            return 2;
        }
    }

    private Decapsulator setUp(int[] own, int[] vips) {
        tun = TunDevice.create(tunName);
        claim = IpipProtocolClaim.open();
        // No IPv6 on the device: its router solicitations would pile up in a queue nobody reads.
        trySet(Path.of("/proc/sys/net/ipv6/conf", tunName, "disable_ipv6"), "1");
        // Replies leave by IFACE, not by the device the request came in on: strict reverse-path
        // filtering would drop every request. The kernel uses max(all, device), so both go to 0.
        settings.setIpv4ConfOfTransientDevice(tunName, "rp_filter", "0");
        settings.setIpv4Conf("all", "rp_filter", "0");
        // The VIPs become local addresses; the director owns them on the LAN, so this host must
        // neither answer ARP for them (arp_ignore=1) nor use them as ARP sources (arp_announce=2).
        settings.setIpv4Conf("all", "arp_ignore", "1");
        settings.setIpv4Conf("all", "arp_announce", "2");
        ip("bring " + tunName + " up", "link", "set", "dev", tunName, "up");
        for (int vip : vips) {
            String cidr = Ipv4Address.toString(vip) + "/32";
            ip("put VIP " + cidr + " on " + tunName, "addr", "add", cidr, "dev", tunName);
        }
        try {
            port = PcapPort.open(iface);
            port.setFilter(Decapsulator.bpf(own));
        } catch (Exception e) {
            throw new DirectorException("cannot capture on " + iface + ": " + e.getMessage(), e);
        }
        return new Decapsulator(own, vips, tun);
    }

    private int runUntilSignalled(Decapsulator decap, int[] own, int[] vips) {
        long started = System.currentTimeMillis();
        Thread capture = new Thread(() -> decap.run(port), "decap-" + iface);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            decap.stop();
            try {
                // With no traffic libpcap 1.10 can block in poll() past its read timeout; then the
                // thread is idle in native code and the process ends around it.
                capture.join(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long kernelDrops = port.kernelDrops();
            long writeErrors = tun.writeErrors();
            String tunError = tun.lastError();
            String notRestored = tearDown(!capture.isAlive());
            printSummary(System.out, decap, kernelDrops, writeErrors, tunError, System.currentTimeMillis() - started);
            if (!notRestored.isEmpty()) {
                System.out.println("  could not restore: " + notRestored);
            }
            System.out.flush();
        }, "shutdown"));
        log.info("decapsulating IPIP to {} on {} into {} (VIP {}); rp_filter 0, arp_ignore 1, arp_announce 2;"
                        + " Ctrl-C stops", list(own), iface, tunName,
                Arrays.stream(vips).mapToObj(v -> Ipv4Address.toString(v) + "/32").collect(Collectors.joining(", ")));
        capture.start();
        try {
            capture.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Closing the TUN descriptor deletes the device and its VIPs; only then the ARP sysctls go back.
     * The pcap handle is closed only when no thread is inside pcap_next_ex (closing frees the ring
     * that thread reads); otherwise process exit releases it.
     */
    private synchronized String tearDown(boolean captureStopped) {
        if (tornDown) {
            return "";
        }
        tornDown = true;
        if (port != null && captureStopped) {
            port.close();
        }
        if (tun != null) {
            tun.close();
        }
        if (claim != null) {
            claim.close();
        }
        return settings.restore();
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

    /** IFACE's IPv4 addresses: the director tunnels to one of them. The NIC must exist, be up and be Ethernet. */
    private static int[] ownAddresses(String iface) {
        Nic.lookup(iface);
        try {
            NetworkInterface ni = NetworkInterface.getByName(iface);
            int[] own = ni.getInterfaceAddresses().stream().map(InterfaceAddress::getAddress)
                    .filter(a -> a instanceof Inet4Address).mapToInt(a -> Ipv4Address.of((Inet4Address) a)).toArray();
            if (own.length == 0) {
                throw new DirectorException("interface '" + iface + "' has no IPv4 address; the director tunnels"
                        + " to the real server's own address on it (ip addr add ADDR/PREFIX dev " + iface + ")");
            }
            return own;
        } catch (SocketException e) {
            throw new DirectorException("cannot read interface '" + iface + "': " + e.getMessage());
        }
    }

    private static void ip(String what, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new DirectorException("cannot " + what + ": " + (out.isEmpty() ? "ip failed" : out));
            }
        } catch (IOException e) {
            throw new DirectorException("cannot " + what + ": the ip command (iproute2) is needed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectorException("interrupted while trying to " + what);
        }
    }

    /** Best effort: a missing key (no IPv6 here) is not a reason to refuse. */
    private static void trySet(Path key, String value) {
        try {
            Files.writeString(key, value + "\n");
        } catch (IOException e) {
            // Nothing to disable.
        }
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
