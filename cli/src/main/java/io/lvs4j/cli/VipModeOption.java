package io.lvs4j.cli;

import io.lvs4j.cli.provision.ProvisionConverters;
import io.lvs4j.control.provision.VipMode;
import io.lvs4j.forwarder.DirectorException;
import picocli.CommandLine.Option;

/** {@code run --vip-mode own|kernel}: who holds the VIP (README, "High availability"). */
public final class VipModeOption {
    @Option(names = "--vip-mode", paramLabel = "MODE", converter = ProvisionConverters.VipModeConverter.class,
            description = "own (default): the VIP is not on this host, lvs4j answers ARP for it; kernel: the VIP is"
                    + " on the NIC (keepalived's virtual_ipaddress), the kernel answers ARP and an nftables guard"
                    + " (table ip lvs4j_run) keeps it from answering the services' packets.")
    VipMode mode;

    /** True in mode kernel; refuses the option for an offline replay. */
    boolean kernel(boolean replay) {
        if (mode != null && replay) {
            throw new DirectorException("--vip-mode is for a live director; a replay answers no ARP");
        }
        return mode == VipMode.KERNEL;
    }
}
