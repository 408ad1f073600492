package io.lvs4j.control.provision;

import java.util.ArrayList;
import java.util.List;

/**
 * The real server in network-scripts form: one {@code ifcfg-} file per VIP plus the sysctl.conf
 * lines; for TUN also a modules-load.d file, since tunl0 exists only once ipip is loaded.
 */
final class RealServerIfcfg {

    static final String MODULES_LOAD = "modules-load-lvs4j-ipip.conf";

    private RealServerIfcfg() {
    }

    static List<GeneratedFile> generate(RealServerSetup rs) {
        List<GeneratedFile> files = new ArrayList<>();
        String dev = rs.mode().device();
        String title = "lvs4j real server (LVS-" + rs.mode().name() + "): " + rs.commandLine();
        for (int i = 0; i < rs.vips().size(); i++) {
            // TUN: the first VIP goes on tunl0 itself, so network-scripts brings tunl0 up;
            // the others are aliases of it. DR: lo is up already, every VIP is an alias.
            String device = rs.mode() == Mode.TUN && i == 0 ? dev : dev + ":" + i;
            files.add(IfcfgFormat.address(device, rs.vips().get(i), title));
        }
        files.add(SysctlFormat.confLines(RealServerSetup.SYSCTL_CONF_LINES, title, rs.sysctls()));
        if (rs.mode() == Mode.TUN) {
            files.add(new GeneratedFile(MODULES_LOAD,
                    "# " + title + "\n# Loads ipip at boot, which creates tunl0.\nipip\n",
                    false, "/etc/modules-load.d/lvs4j-ipip.conf"));
        }
        return files;
    }
}
