package io.lvs4j.cli;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.TableAccess;
import io.lvs4j.control.TableException;
import io.lvs4j.control.Tables;
import io.lvs4j.control.health.KeepalivedDirector;
import io.lvs4j.control.ipvsadm.IpvsadmException;
import io.lvs4j.control.ipvsadm.RulesFile;
import io.lvs4j.control.keepalived.ConfigException;
import io.lvs4j.control.socket.ControlServer;
import io.lvs4j.control.socket.ControlSocketPath;
import io.lvs4j.forwarder.Capabilities;
import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.forwarder.IoMode;
import io.lvs4j.forwarder.LiveDirector;
import io.lvs4j.forwarder.Replay;
import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.scheduler.ConnectionTable;
import io.lvs4j.scheduler.ServiceTable;
import io.lvs4j.scheduler.Timeouts;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lvs4j run}: the director on one NIC, until SIGINT or SIGTERM; or, with --read, over a capture file ({@link Replay}). */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the director: capture on IFACE, schedule, forward by DR, TUN or NAT to the real servers.",
                "Or replay a capture file offline, without root: --read IN.pcap --write OUT.pcap writes every"
                        + " frame the director would send, with the capture's timestamps as the clock.",
                "RULES holds ipvsadm lines in `ipvsadm -S` form (a leading `ipvsadm` word is allowed)."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", arity = "1",
            description = "The director's NIC on the LAN of the real servers (or --read); a second -i: the"
                    + " private NIC behind which the NAT (-m) real servers are.")
    List<String> ifaces = new ArrayList<>();
    String iface;

    @Option(names = "--read", paramLabel = "IN.pcap",
            description = "Offline replay: read frames from this capture file (classic pcap, Ethernet) instead of a NIC.")
    Path read;

    @Option(names = "--write", paramLabel = "OUT.pcap",
            description = "Offline replay: write every frame the director would send to this capture file.")
    Path write;

    @Option(names = "--neigh", paramLabel = "IP=MAC",
            description = "Offline replay: a real server's MAC (repeatable); else learnt from ARP in the capture.")
    List<String> neighbours = new ArrayList<>();

    @Option(names = "--mac", paramLabel = "MAC",
            description = "Offline replay: the director's MAC (default " + Replay.DEFAULT_MAC
                    + "; without --mac frames to any destination MAC are taken as the director's).")
    String mac;

    @Option(names = "--ip", paramLabel = "IP",
            description = "Offline replay: the director's IPv4 address (default 0.0.0.0).")
    String ip;

    @Option(names = "--mtu", paramLabel = "BYTES",
            description = "Offline replay: the NIC's MTU (default 1500); no frame longer than MTU + Ethernet is sent.")
    String mtu;

    @Option(names = {"-f", "--rules"}, paramLabel = "RULES",
            description = "ipvsadm rules to start with (default: an empty table).")
    Path rules;

    @Option(names = "--keepalived", paramLabel = "FILE",
            description = "keepalived.conf: its virtual servers, kept in the table by health checks (not with -f);"
                    + " SIGHUP or `lvs4j reload` applies the file's changes.")
    Path keepalivedFile;

    @Option(names = "--expire-nodest-conn", description = "With --keepalived: a real server the checks take out has its"
            + " connections dropped at their next packet (default: they go on until they end).")
    boolean expireNodestConn;

    @Option(names = "--tun-source", paramLabel = "IP",
            description = "Outer source address of IPIP packets to TUN servers (default: IFACE's address).")
    String tunSource;

    @Option(names = "--control", paramLabel = "PATH",
            description = "ipvsadm control socket (default: $LVS4J_CONTROL, else /run/lvs4j/lvs4j.sock).")
    String control;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1048576",
            description = "Connection table size bound (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Mixin
    ScaleOutOptions scaleOut;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    LogOptions logging;

    @Mixin
    VipModeOption vipMode = new VipModeOption();

    @Mixin
    IoOptions ioOptions = new IoOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ServiceTable services = new ServiceTable();
        Timeouts timeouts = new Timeouts();
        logging.apply();
        try {
            checkSource();
            if (read == null) {
                Capabilities.require("run"); // before anything is bound, loaded or logged
                if (ioOptions.mode() == IoMode.XDP) {
                    Capabilities.requireBpf();
                }
            }
            metrics.bind(read != null);
            boolean kernelVip = vipMode.kernel(read != null);
            int busyPoll = ioOptions.busyPollMicros(read != null);
            if (maxConnections < 1) {
                throw new DirectorException("--max-connections " + maxConnections + " must be at least 1");
            }
            scaleOut.check(read != null);
            Tables tables = new Tables(services, new ConnectionTable(maxConnections, timeouts), timeouts);
            scaleOut.applyTo(tables.connections());
            loadRules(tables);
            KeepalivedDirector keepalived = keepalivedFile == null ? null : KeepalivedDirector.load(keepalivedFile, expireNodestConn);
            if (keepalived != null) {
                keepalived.applyTo(new ControlPlane(TableAccess.direct(tables)));
            }
            if (read != null) {
                Replay.Result replayed = new Replay(read, write, neighbours, mac, ip).mtu(mtu)
                        .run(services, tables.connections(), tunSource == null ? -1 : tunnelSource());
                PrintWriter out = spec.commandLine().getOut();
                out.print(Summary.text(replayed.director(), 0, replayed.spanMillis()));
                out.flush();
                return 0;
            }
            Path controlPath = ControlSocketPath.resolve(control, System.getenv());
            LiveDirector nic = LiveDirector.open(iface, ifaces.size() > 1 ? ifaces.get(1) : null, services, tables.connections(),
                    tunSource == null ? -1 : tunnelSource(), kernelVip,
                    ioOptions.mode());
            nic.loop().busyPoll(busyPoll);
            ControlPlane live = new ControlPlane(new TableAccess() {
                @Override
                public <T> T onDatapath(Function<Tables, T> action) throws Exception {
                    return nic.onDatapath(d -> action.apply(tables));
                }
            });
            ControlServer controlServer;
            try {
                controlServer = ControlServer.start(controlPath, live.loggingAs("ipvsadm"), ScaleOutOptions.withRequests(
                        keepalived == null ? Map.of() : keepalived.requests(), tables.connections()));
            } catch (java.io.IOException e) {
                nic.abandon();
                throw new DirectorException("cannot listen on control socket " + controlPath + ": " + e.getMessage()
                        + " (another director? choose one with --control PATH)");
            }
            if (keepalived != null) {
                keepalived.start(live);
                HangupSignal.handle(keepalived::reloadAndLog);
            } else { // a stray SIGHUP must not stop a load balancer (the JVM's default is to exit)
                HangupSignal.handle(() -> log.warn("SIGHUP ignored: only --keepalived has a file to reload; change the table with ipvsadm"));
            }
            metrics.start(live, nic.loop(), keepalived);
            Runnable withdraw = scaleOut.announce(nic);
            nic.runUntilSignalled(() -> {
                withdraw.run(); // first: the router moves the flows away while we still forward
                metrics.close();
                live.sync().close();
                try {
                    controlServer.close();
                } catch (java.io.IOException e) {
                    log.warn("closing the control socket: {}", e.getMessage());
                }
            }, Summary::text);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (DirectorException | IpvsadmException | ConfigException | TableException e) {
            metrics.close();
            err.println("lvs4j run: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    /** Either a NIC (-i) or a capture file (--read), and the replay options only with --read. */
    private void checkSource() {
        if (ifaces.size() > 2) {
            throw new DirectorException("-i is given " + ifaces.size() + " times: one NIC, or two (public, then private for NAT)");
        }
        iface = ifaces.isEmpty() ? null : ifaces.get(0);
        if (iface != null && read != null) {
            throw new DirectorException("-i and --read are mutually exclusive: -i directs a NIC's traffic,"
                    + " --read replays a capture file");
        }
        if (read == null) {
            if (iface == null) {
                throw new DirectorException("-i IFACE is required (or --read IN.pcap --write OUT.pcap to replay"
                        + " a capture file)");
            }
            if (write != null || !neighbours.isEmpty() || mac != null || ip != null) {
                throw new DirectorException("--write, --neigh, --mac and --ip are for offline replay; they need"
                        + " --read IN.pcap");
            }
            if (mtu != null) {
                throw new DirectorException("--mtu is for offline replay (a NIC has its own MTU); it needs --read IN.pcap");
            }
        } else if (control != null || keepalivedFile != null) {
            throw new DirectorException((control != null ? "--control" : "--keepalived") + " is for a live director;"
                    + " a replay has no " + (control != null ? "control socket" : "health checks"));
        }
        if (rules != null && keepalivedFile != null || expireNodestConn && keepalivedFile == null) {
            throw new DirectorException(keepalivedFile != null ? "-f and --keepalived are mutually exclusive: the"
                    + " table comes from one of them" : "--expire-nodest-conn is for the health checks of --keepalived FILE");
        }
    }

    /** The rules file, through the control plane like any later change, before the datapath starts. */
    private void loadRules(Tables tables) {
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
        try {
            file.applyTo(new ControlPlane(TableAccess.direct(tables)).loggingAs("rules file " + rules));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectorException("interrupted while loading " + rules);
        }
    }

    /** --tun-source's address. */
    private int tunnelSource() {
        try {
            return Ipv4Address.parse(tunSource);
        } catch (IllegalArgumentException e) {
            throw new DirectorException("--tun-source: " + e.getMessage());
        }
    }
}
