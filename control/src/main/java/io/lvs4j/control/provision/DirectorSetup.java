package io.lvs4j.control.provision;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the director host needs around {@code lvs4j run}, and the files that set it up. */
public final class DirectorSetup {

    public static final String SCRIPT = "lvs4j-director.sh";
    public static final String SCRIPT_PATH = "/usr/local/sbin/" + SCRIPT;
    public static final String STATE_DIR = "/run/lvs4j-director";
    public static final String SYSCTL_DROP_IN = "90-lvs4j-director.conf";
    public static final String SYSCTL_CONF_LINES = "sysctl.conf.lvs4j-director";
    public static final String UNIT = "lvs4j-director.service";
    /** The nftables table of the kernel-mode guard: family and name. */
    public static final String NFT_FAMILY = "ip";
    public static final String NFT_TABLE = "lvs4j";

    private final List<Inet4Address> vips;
    private final String iface;
    private final VipMode vipMode;
    /** NAT: the NIC on the real servers' network, whose address is their gateway; null for DR/TUN. */
    private final String privateIface;

    private DirectorSetup(List<Inet4Address> vips, String iface, String privateIface, VipMode vipMode) {
        this.vips = List.copyOf(vips);
        this.iface = iface;
        this.privateIface = privateIface;
        this.vipMode = vipMode;
    }

    /** As {@code director-setup --mode}: NAT needs the private NIC, DR and TUN refuse it. */
    public static DirectorSetup of(Mode mode, List<Inet4Address> vips, String iface, String privateIface, VipMode vipMode,
                                   HostInterfaces host) {
        if (mode == Mode.NAT && privateIface == null) {
            throw new InvalidInputException("--mode nat needs --private-interface IFACE, the NIC on the real servers' network");
        }
        if (mode != Mode.NAT && privateIface != null) {
            throw new InvalidInputException("--private-interface is for --mode nat only (not " + mode + ")");
        }
        return of(vips, iface, privateIface, vipMode, host);
    }

    /** DR or TUN: one NIC. */
    public static DirectorSetup of(List<Inet4Address> vips, String iface, VipMode vipMode, HostInterfaces host) {
        return of(vips, iface, null, vipMode, host);
    }

    /**
     * Checks the input and builds the setup.
     *
     * @param host this host, to check the interface exists and no VIP is already local; null when
     *             generating for another host ({@code --no-check})
     */
    public static DirectorSetup of(List<Inet4Address> vips, String iface, String privateIface, VipMode vipMode,
                                   HostInterfaces host) {
        InterfaceNames.validate(iface);
        if (privateIface != null) {
            InterfaceNames.validate(privateIface);
            if (privateIface.equals(iface)) {
                throw new InvalidInputException("--private-interface '" + privateIface + "' is the public interface too;"
                        + " NAT needs the real servers' network on a NIC of its own");
            }
        }
        if (vips.isEmpty()) {
            throw new InvalidInputException("at least one VIP is needed");
        }
        String lastLabel = iface + ":" + (vips.size() - 1);
        if (vipMode == VipMode.KERNEL && lastLabel.length() > InterfaceNames.MAX_LENGTH) {
            throw new InvalidInputException("interface '" + iface + "' is too long for the VIP label '" + lastLabel
                    + "' of kernel mode (at most " + InterfaceNames.MAX_LENGTH + " characters)");
        }
        if (host != null) {
            for (String nic : privateIface == null ? List.of(iface) : List.of(iface, privateIface)) {
                if (!host.exists(nic)) {
                    throw new InvalidInputException("interface '" + nic + "' does not exist on this host;"
                            + " name an existing one, or add --no-check to generate for another host");
                }
            }
            for (Inet4Address vip : vips) {
                Optional<String> owner = host.owner(vip);
                if (owner.isPresent()) {
                    throw new InvalidInputException("VIP " + VipValidator.text(vip) + " is already an address of this host (on "
                            + owner.get() + "); the director must not own it: remove it (kernel mode adds it"
                            + " with its guard), or add --no-check to generate for another host");
                }
            }
        }
        return new DirectorSetup(vips, iface, privateIface, vipMode);
    }

    public List<Inet4Address> vips() {
        return vips;
    }

    public String iface() {
        return iface;
    }

    public VipMode vipMode() {
        return vipMode;
    }

    public boolean nat() {
        return privateIface != null;
    }

    /** NAT: the private NIC; null otherwise. */
    public String privateIface() {
        return privateIface;
    }

    /** The NICs lvs4j captures on: their offloads go off. */
    public List<String> nics() {
        return nat() ? List.of(iface, privateIface) : List.of(iface);
    }

    /** "eth0", or for NAT "eth0 and private eth1", as the titles say it. */
    String nicText() {
        return nat() ? iface + " and private " + privateIface : iface;
    }

    String vipList(String separator) {
        return vips.stream().map(VipValidator::text).collect(Collectors.joining(separator));
    }

    String commandLine() {
        return "lvs4j director-setup --vip " + vipList(",") + " -i " + iface + " --vip-mode " + vipMode
                + (nat() ? " --mode nat --private-interface " + privateIface : "");
    }

    /** Settings applied in both VIP modes. */
    public List<Sysctl> sysctls() {
        return List.of(Sysctl.of("net.ipv4.ip_forward", "0",
                "the kernel must not route the frames lvs4j forwards (they carry this host's MAC),"
                        + " or every packet would reach the real server twice"));
    }

    public List<GeneratedFile> files(Format format) {
        String title = "lvs4j director (" + nicText() + ", VIPs " + vipList(", ") + ", " + vipMode + " mode): " + commandLine();
        List<GeneratedFile> files = new ArrayList<>();
        for (Format f : format.expand()) {
            switch (f) {
                case SCRIPT -> files.add(DirectorScript.generate(this));
                case IFCFG -> files.addAll(DirectorIfcfg.generate(this, title));
                case SYSCTL -> files.add(SysctlFormat.dropIn(SYSCTL_DROP_IN, title, sysctls()));
                case SYSTEMD -> files.add(SystemdFormat.unit(UNIT,
                        "lvs4j director host setup (" + nicText() + ", " + vipMode + " mode, VIPs " + vipList(", ") + ")",
                        commandLine(), SCRIPT_PATH, "network-online.target"));
                case ALL -> throw new IllegalStateException("expand() never yields ALL");
            }
        }
        return files;
    }
}
