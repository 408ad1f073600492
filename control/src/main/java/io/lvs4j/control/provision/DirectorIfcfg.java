package io.lvs4j.control.provision;

import java.util.ArrayList;
import java.util.List;

/**
 * The director in network-scripts form: kernel mode's VIP labels, the sysctl.conf lines and the
 * ETHTOOL_OPTS line for the NIC's own ifcfg file (which belongs to the admin, so we do not
 * generate it whole). network-scripts cannot express the nftables guard: kernel mode without
 * it lets the director's stack reset forwarded connections, hence the warning in each file.
 */
final class DirectorIfcfg {

    static final String ETHTOOL_OPTS_SUFFIX = ".lvs4j-ethtool";

    private DirectorIfcfg() {
    }

    static List<GeneratedFile> generate(DirectorSetup d, String title) {
        List<GeneratedFile> files = new ArrayList<>();
        if (d.vipMode() == VipMode.KERNEL) {
            String guardTitle = title + "\n# Needs the nftables guard of " + DirectorSetup.SCRIPT
                    + " (or " + DirectorSetup.UNIT + "): without it this host's stack answers the VIP's connections";
            for (int i = 0; i < d.vips().size(); i++) {
                files.add(IfcfgFormat.address(d.iface() + ":" + i, d.vips().get(i), guardTitle));
            }
        }
        files.add(SysctlFormat.confLines(DirectorSetup.SYSCTL_CONF_LINES, title, d.sysctls()));
        for (String nic : d.nics()) {
            String ifcfg = "ifcfg-" + nic;
            files.add(new GeneratedFile(ifcfg + ETHTOOL_OPTS_SUFFIX,
                    "# " + title + "\n"
                            + "# Add to " + IfcfgFormat.DIR + ifcfg + ": lvs4j must see frames as they are on the wire,\n"
                            + "# not merged by GRO/LRO into 64 KB frames it cannot send on.\n"
                            + "ETHTOOL_OPTS=\"-K " + nic + " gro off lro off\"\n",
                    false, IfcfgFormat.DIR + ifcfg + " (add the line)"));
        }
        return files;
    }
}
