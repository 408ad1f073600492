package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What {@code lvs4j decap} changes on the real server's host while it runs: a TUN device holding
 * the VIPs, the IPIP protocol claim, the ARP and reverse-path sysctls, the capture on IFACE. Set
 * up by {@link #setUp}, undone in reverse order by {@link #tearDown}, exactly once.
 */
public final class DecapHost {
    private final String iface;
    private final String tunName;
    private final KernelSettings settings = new KernelSettings();
    private TunDevice tun;
    private IpipProtocolClaim claim;
    private PcapPort port;
    private boolean tornDown;

    public DecapHost(String iface, String tunName) {
        this.iface = iface;
        this.tunName = tunName;
    }

    /** The capture on IFACE (after {@link #setUp}). */
    public PcapPort port() {
        return port;
    }

    /** The TUN device (after {@link #setUp}). */
    public TunDevice tun() {
        return tun;
    }

    /** Creates the device, claims IPIP, sets the sysctls, opens the capture; undo with {@link #tearDown}. */
    public Decapsulator setUp(int[] own, int[] vips) {
        tun = TunDevice.create(tunName);
        claim = IpipProtocolClaim.open();
        // No IPv6 on the device: its router solicitations would pile up in a queue nobody reads.
        trySet(Path.of("/proc/sys/net/ipv6/conf", tunName, "disable_ipv6"), "1");
        // Replies leave by IFACE, not by the device the request came in on: strict reverse-path
        // filtering would drop every request. The kernel uses max(all, device), so both go to 0.
        settings.setIpv4ConfOfTransientDevice(tunName, "rp_filter", "0");
        settings.setIpv4Conf("all", "rp_filter", "0");
        // The VIPs become local addresses; the director owns them on the LAN, so this host must
        // neither answer ARP for them (arp_ignore=1) nor use them as ARP sources (arp_announce=2).
        settings.setIpv4Conf("all", "arp_ignore", "1");
        settings.setIpv4Conf("all", "arp_announce", "2");
        ip("bring " + tunName + " up", "link", "set", "dev", tunName, "up");
        for (int vip : vips) {
            String cidr = Ipv4Address.toString(vip) + "/32";
            ip("put VIP " + cidr + " on " + tunName, "addr", "add", cidr, "dev", tunName);
        }
        try {
            port = PcapPort.open(iface);
            port.setFilter(Decapsulator.bpf(own));
        } catch (Exception e) {
            throw new DirectorException("cannot capture on " + iface + ": " + e.getMessage(), e);
        }
        return new Decapsulator(own, vips, tun);
    }

    /**
     * Closing the TUN descriptor deletes the device and its VIPs; only then the ARP sysctls go back.
     * The pcap handle is closed only when no thread is inside pcap_next_ex (closing frees the ring
     * that thread reads); otherwise process exit releases it.
     */
    public synchronized String tearDown(boolean captureStopped) {
        if (tornDown) {
            return "";
        }
        tornDown = true;
        if (port != null && captureStopped) {
            port.close();
        }
        if (tun != null) {
            tun.close();
        }
        if (claim != null) {
            claim.close();
        }
        return settings.restore();
    }

    /** IFACE's IPv4 addresses: the director tunnels to one of them. The NIC must exist, be up and be Ethernet. */
    public static int[] ownAddresses(String iface) {
        Nic.lookup(iface);
        try {
            NetworkInterface ni = NetworkInterface.getByName(iface);
            int[] own = ni.getInterfaceAddresses().stream().map(InterfaceAddress::getAddress)
                    .filter(a -> a instanceof Inet4Address).mapToInt(a -> Ipv4Address.of((Inet4Address) a)).toArray();
            if (own.length == 0) {
                throw new DirectorException("interface '" + iface + "' has no IPv4 address; the director tunnels"
                        + " to the real server's own address on it (ip addr add ADDR/PREFIX dev " + iface + ")");
            }
            return own;
        } catch (SocketException e) {
            throw new DirectorException("cannot read interface '" + iface + "': " + e.getMessage());
        }
    }

    private static void ip(String what, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new DirectorException("cannot " + what + ": " + (out.isEmpty() ? "ip failed" : out));
            }
        } catch (IOException e) {
            throw new DirectorException("cannot " + what + ": the ip command (iproute2) is needed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectorException("interrupted while trying to " + what);
        }
    }

    /** Best effort: a missing key (no IPv6 here) is not a reason to refuse. */
    private static void trySet(Path key, String value) {
        try {
            Files.writeString(key, value + "\n");
        } catch (IOException e) {
            // Nothing to disable.
        }
    }
}
