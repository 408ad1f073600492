package io.lvs4j.cli;

import io.lvs4j.cli.provision.Generation;
import io.lvs4j.cli.provision.ProvisionConverters;
import io.lvs4j.control.provision.DirectorSetup;
import io.lvs4j.control.provision.Format;
import io.lvs4j.control.provision.HostInterfaces;
import io.lvs4j.control.provision.Mode;
import io.lvs4j.control.provision.VipMode;
import io.lvs4j.control.provision.VipValidator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lvs4j director-setup}: generates the director host's setup around {@code lvs4j run}. */
@Command(name = "director-setup",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Generates the setup of the director host: ip_forward=0 and GRO/LRO off on the NIC (and on the"
                        + " private NIC with --mode nat, whose address the real servers use as gateway) in both"
                        + " VIP modes; in kernel mode also the VIPs as labels IFACE:0, IFACE:1, ... and an"
                        + " nftables guard (table ip lvs4j, prerouting, raw priority) that drops packets to the"
                        + " VIPs before the director's own stack sees them (pcap still does).",
                "By default the interface must exist here and no VIP may be a local address;"
                        + " --no-check generates for another host."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:generated", "1:a file could not be written", "2:invalid input (nothing written)"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  lvs4j director-setup --vip 10.0.0.100 -i eth0 > lvs4j-director.sh",
                "  sudo sh lvs4j-director.sh start",
                "  lvs4j director-setup --vip 10.0.0.100 -i ens33 --vip-mode kernel --format all --out d/"})
public final class DirectorSetupCommand implements Callable<Integer> {

    private final HostInterfaces host;

    @Spec
    CommandSpec spec;

    @Option(names = "--vip", required = true, paramLabel = "VIP[,VIP...]",
            description = "Virtual IP address(es): unicast IPv4, comma-separated, not local to this host.")
    String vips;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE",
            description = "The NIC lvs4j captures and sends on.")
    String iface;

    @Option(names = "--mode", defaultValue = "dr", paramLabel = "dr|tun|nat", converter = ProvisionConverters.ModeConverter.class,
            description = "dr and tun: one NIC; nat: also --private-interface, the real servers' network. Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--private-interface", paramLabel = "IFACE",
            description = "nat: the NIC on the real servers' network; its address is their gateway.")
    String privateIface;

    @Option(names = "--vip-mode", defaultValue = "own", paramLabel = "own|kernel", converter = ProvisionConverters.VipModeConverter.class,
            description = "own: the VIP is not configured here, lvs4j answers ARP for it; kernel: the VIP is an"
                    + " interface label, guarded by nftables. Default: ${DEFAULT-VALUE}.")
    VipMode vipMode;

    @Option(names = "--format", defaultValue = "script", paramLabel = "FORMAT", converter = ProvisionConverters.FormatConverter.class,
            description = "script, ifcfg, sysctl, systemd or all. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the files into DIR (created if missing) instead of printing them.")
    Path out;

    @Option(names = "--no-check",
            description = "Generate for another host: do not check the interface and addresses of this one.")
    boolean noCheck;

    public DirectorSetupCommand() {
        this(HostInterfaces.system());
    }

    /** With a given view of the host's interfaces (tests). */
    public DirectorSetupCommand(HostInterfaces host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        return Generation.run(spec, () -> DirectorSetup.of(mode, VipValidator.parseList(vips), iface, privateIface, vipMode,
                noCheck ? null : host).files(format), out);
    }
}
