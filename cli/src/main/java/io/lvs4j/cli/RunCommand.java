package io.lvs4j.cli;

import io.lvs4j.cli.ipvsadm.IpvsadmException;
import io.lvs4j.cli.ipvsadm.RateEstimator;
import io.lvs4j.cli.ipvsadm.RulesFile;
import io.lvs4j.cli.ipvsadm.TableEditor;
import io.lvs4j.forwarder.CaptureLoop;
import io.lvs4j.forwarder.Director;
import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.forwarder.Nic;
import io.lvs4j.forwarder.PcapPort;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lvs4j run}: the director on one NIC, until SIGINT or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the director: capture on IFACE, schedule, forward by DR to the real servers.",
                "RULES holds ipvsadm lines in `ipvsadm -S` form (a leading `ipvsadm` word is allowed)."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", required = true,
            description = "The director's NIC on the LAN of the real servers.")
    String iface;

    @Option(names = {"-f", "--rules"}, paramLabel = "RULES",
            description = "ipvsadm rules to start with (default: an empty table).")
    Path rules;

    @Option(names = "--tun-source", paramLabel = "IP",
            description = "Outer source address of IPIP packets to TUN servers (default: IFACE's address).")
    String tunSource;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1048576",
            description = "Connection table size bound (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        ServiceTable services = new ServiceTable();
        Timeouts timeouts = new Timeouts();
        RateEstimator rates = new RateEstimator();
        try {
            if (maxConnections < 1) {
                throw new DirectorException("--max-connections " + maxConnections + " must be at least 1");
            }
            loadRules(services, timeouts, rates);
            Privileges.requireRoot("run");
            Nic nic = Nic.lookup(iface);
            for (int vip : services.addresses()) {
                if (Nic.isLocalAddress(vip)) {
                    throw new DirectorException("VIP " + Ipv4Address.toString(vip) + " is configured on this host;"
                            + " in VIP mode 'own' lvs4j answers ARP for it itself: remove it (ip addr del "
                            + Ipv4Address.toString(vip) + "/32 dev …)");
                }
            }
            warnIfForwarding();
            ConnectionTable connections = new ConnectionTable(maxConnections, timeouts);
            PcapPort port;
            try {
                port = PcapPort.open(iface);
            } catch (Exception e) {
                throw new DirectorException("cannot open " + iface + " for capture: " + e.getMessage(), e);
            }
            int tunnelSource = tunnelSource(nic);
            if (tunnelSource == 0 && hasTunnelServers(services)) {
                throw new DirectorException("TUN servers need an outer source address: " + iface
                        + " has no IPv4 address; give one with --tun-source IP");
            }
            Director director = new Director(nic, port, services, connections, true, false, tunnelSource);
            CaptureLoop loop = new CaptureLoop(port, director);
            loop.prepare();
            return runUntilSignalled(nic, port, director, loop);
        } catch (DirectorException | IpvsadmException e) {
            err.println("lvs4j run: " + e.getMessage());
            return 2;
        }
    }

    private void loadRules(ServiceTable services, Timeouts timeouts, RateEstimator rates) {
        if (rules == null) {
            return;
        }
        if (!Files.isReadable(rules)) {
            throw new DirectorException("cannot read rules file " + rules);
        }
        RulesFile file;
        try {
            file = RulesFile.parse(rules);
        } catch (java.io.IOException e) {
            throw new DirectorException("cannot read rules file " + rules + ": " + e.getMessage());
        }
        TableEditor.apply(file, services, timeouts, rates);
    }

    private int runUntilSignalled(Nic nic, PcapPort port, Director director, CaptureLoop loop) {
        long started = System.currentTimeMillis();
        Thread capture = new Thread(loop, "capture-" + nic.name());
        Thread hook = new Thread(() -> {
            loop.stop();
            try {
                capture.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Summary.print(System.out, director, port.kernelDrops(), System.currentTimeMillis() - started);
            System.out.flush();
            port.close();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("directing on {} ({} {}): {} service(s), VIP mode own; Ctrl-C stops",
                nic.name(), MacAddress.toString(nic.mac()), Ipv4Address.toString(nic.address()),
                director.services().services().size());
        capture.start();
        try {
            capture.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static boolean hasTunnelServers(ServiceTable services) {
        return services.services().stream().flatMap(s -> s.servers().stream())
                .anyMatch(rs -> rs.method() == io.lvs4j.scheduler.ForwardingMethod.TUNNEL);
    }

    private int tunnelSource(Nic nic) {
        if (tunSource != null) {
            try {
                return Ipv4Address.parse(tunSource);
            } catch (IllegalArgumentException e) {
                throw new DirectorException("--tun-source: " + e.getMessage());
            }
        }
        return nic.address();
    }

    private static void warnIfForwarding() {
        try {
            String v = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim();
            if (v.equals("1")) {
                log.warn("net.ipv4.ip_forward=1: the kernel would route the VIP's packets too;"
                        + " set it to 0 on the director (sysctl -w net.ipv4.ip_forward=0)");
            }
        } catch (Exception e) {
            // Not Linux /proc: nothing to warn about.
        }
    }
}
