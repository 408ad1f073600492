package io.lvs4j.control.provision;

import java.net.Inet4Address;

/** RHEL/CentOS network-scripts files, as the classic LVS labs write them. */
final class IfcfgFormat {

    static final String DIR = "/etc/sysconfig/network-scripts/";

    private IfcfgFormat() {
    }

    /** {@code ifcfg-DEVICE} holding one VIP as a /32, so it adds no route for a subnet. */
    static GeneratedFile address(String device, Inet4Address vip, String title) {
        String name = "ifcfg-" + device;
        String text = "# " + title + "\n"
                + "# Install as " + DIR + name + ", then: ifup " + device + "\n"
                + "DEVICE=" + device + "\n"
                + "IPADDR=" + VipValidator.text(vip) + "\n"
                + "NETMASK=255.255.255.255\n"
                + "ONBOOT=yes\n";
        return new GeneratedFile(name, text, false, DIR + name);
    }
}
