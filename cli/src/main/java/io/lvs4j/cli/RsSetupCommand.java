package io.lvs4j.cli;

import io.lvs4j.cli.provision.Generation;
import io.lvs4j.cli.provision.ProvisionConverters;
import io.lvs4j.control.provision.Format;
import io.lvs4j.control.provision.Mode;
import io.lvs4j.control.provision.NatOptions;
import io.lvs4j.control.provision.NatRealServerSetup;
import io.lvs4j.control.provision.RealServerSetup;
import io.lvs4j.control.provision.VipValidator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lvs4j rs-setup}: generates a real server's VIP and ARP setup. */
@Command(name = "rs-setup",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Generates the setup of a real server for LVS-DR or LVS-TUN: the VIPs as /32 on lo (DR)"
                        + " or tunl0 (TUN), arp_ignore=1 and arp_announce=2 (and rp_filter=0 for TUN).",
                "The script takes start|stop|restart|status; start is idempotent and saves the previous"
                        + " sysctl values (per network namespace, in $LVS4J_STATE_DIR, default /run/lvs4j-rs),"
                        + " stop restores them, status exits 0 when set up and 3 when not."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:generated", "1:a file could not be written", "2:invalid input (nothing written)"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  lvs4j rs-setup --vip 10.0.0.100 --mode dr > lvs4j-rs.sh",
                "  sudo sh lvs4j-rs.sh start",
                "  lvs4j rs-setup --vip 10.0.0.100,10.0.0.101 --mode tun --format all --out rs/"})
public final class RsSetupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--vip", paramLabel = "VIP[,VIP...]",
            description = "Virtual IP address(es): unicast IPv4, comma-separated (dr and tun).")
    String vips;

    @Option(names = "--mode", required = true, paramLabel = "dr|tun|nat", converter = ProvisionConverters.ModeConverter.class,
            description = "How the director forwards: dr (direct routing, VIP on lo), tun (IPIP, VIP on tunl0) or nat"
                    + " (no VIP: the default route via --gateway, the director's private address).")
    Mode mode;

    @Option(names = "--gateway", paramLabel = "IP", description = "nat: the director's address on the servers' network.")
    String gateway;

    @Option(names = "--format", defaultValue = "script", paramLabel = "FORMAT", converter = ProvisionConverters.FormatConverter.class,
            description = "script (POSIX sh), ifcfg (network-scripts + sysctl.conf lines), sysctl (sysctl.d drop-in),"
                    + " systemd (oneshot unit running the script) or all. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the files into DIR (created if missing) instead of printing them.")
    Path out;

    @Override
    public Integer call() {
        return Generation.run(spec, () -> mode == Mode.NAT ? new NatRealServerSetup(NatOptions.gateway(vips, gateway)).files(format)
                : new RealServerSetup(VipValidator.parseList(NatOptions.vips(vips, gateway)), mode).files(format), out);
    }
}
