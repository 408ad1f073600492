package io.lvs4j.control.provision;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What a real server needs for LVS-DR or LVS-TUN, and the files that set it up. */
public final class RealServerSetup {

    public static final String SCRIPT = "lvs4j-rs.sh";
    public static final String SCRIPT_PATH = "/usr/local/sbin/" + SCRIPT;
    public static final String STATE_DIR = "/run/lvs4j-rs";
    public static final String SYSCTL_DROP_IN = "90-lvs4j-rs.conf";
    public static final String SYSCTL_CONF_LINES = "sysctl.conf.lvs4j-rs";
    public static final String UNIT = "lvs4j-rs.service";

    private final List<Inet4Address> vips;
    private final Mode mode;

    public RealServerSetup(List<Inet4Address> vips, Mode mode) {
        if (vips.isEmpty()) {
            throw new InvalidInputException("at least one VIP is needed");
        }
        this.vips = List.copyOf(vips);
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    public List<Inet4Address> vips() {
        return vips;
    }

    String vipList(String separator) {
        return vips.stream().map(VipValidator::text).collect(Collectors.joining(separator));
    }

    /** The command line that reproduces this setup, quoted in the generated files. */
    String commandLine() {
        return "lvs4j rs-setup --vip " + vipList(",") + " --mode " + mode;
    }

    /**
     * The kernel settings, in the order they are applied. The ARP pair is the heart of LVS-DR and
     * LVS-TUN: the VIP is local on every real server, yet only the director may answer ARP for it.
     */
    public List<Sysctl> sysctls() {
        String dev = mode.device();
        List<Sysctl> s = new ArrayList<>();
        for (String scope : List.of("all", "lo")) {
            s.add(Sysctl.of("net.ipv4.conf." + scope + ".arp_ignore", "1",
                    "answer ARP only for addresses of the receiving interface, never for the VIPs on " + dev));
        }
        for (String scope : List.of("all", "lo")) {
            s.add(Sysctl.of("net.ipv4.conf." + scope + ".arp_announce", "2",
                    "never use a VIP as the source address of our own ARP requests"));
        }
        if (mode == Mode.TUN) {
            // The kernel uses the larger of 'all' and the device's value, so both must be 0.
            String why = "accept packets decapsulated on tunl0 although replies leave by another interface";
            s.add(Sysctl.of("net.ipv4.conf.all.rp_filter", "0", why));
            s.add(new Sysctl("net.ipv4.conf.tunl0.rp_filter", "0", why, true));
        }
        return s;
    }

    /** The files of one format; ALL gives every format's files. */
    public List<GeneratedFile> files(Format format) {
        List<GeneratedFile> files = new ArrayList<>();
        for (Format f : format.expand()) {
            switch (f) {
                case SCRIPT -> files.add(RealServerScript.generate(this));
                case IFCFG -> files.addAll(RealServerIfcfg.generate(this));
                case SYSCTL -> files.add(SysctlFormat.dropIn(SYSCTL_DROP_IN,
                        "lvs4j real server (LVS-" + mode.name() + ", VIPs " + vipList(", ") + " on " + mode.device()
                                + "): " + commandLine(), sysctls()));
                case SYSTEMD -> files.add(SystemdFormat.unit(UNIT,
                        "lvs4j real server for LVS-" + mode.name() + " (VIPs " + vipList(", ") + " on " + mode.device() + ")",
                        commandLine(), SCRIPT_PATH, "network.target"));
                case ALL -> throw new IllegalStateException("expand() never yields ALL");
            }
        }
        return files;
    }
}
