package io.lvs4j.forwarder;

import io.lvs4j.packet.Ipv4Address;
import io.lvs4j.packet.MacAddress;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** What the director knows of its NIC: MAC, IPv4 address and prefix, MTU. */
public record Nic(String name, long mac, int address, int prefixLength, int mtu, int gateway) {

    /** Reads the interface from the current network namespace; a missing or unusable one is a DirectorException. */
    public static Nic lookup(String name) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni == null) {
                throw new DirectorException("interface '" + name + "' does not exist here (see `ip link`)");
            }
            byte[] hw = ni.getHardwareAddress();
            if (hw == null || hw.length != 6) {
                throw new DirectorException("interface '" + name + "' has no Ethernet address; lvs4j needs an Ethernet NIC");
            }
            if (!ni.isUp()) {
                throw new DirectorException("interface '" + name + "' is down (ip link set " + name + " up)");
            }
            int address = 0;
            int prefix = 0;
            for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                if (ia.getAddress() instanceof Inet4Address a) {
                    address = Ipv4Address.of(a);
                    prefix = ia.getNetworkPrefixLength();
                    break;
                }
            }
            return new Nic(name, MacAddress.of(hw), address, prefix, ni.getMTU(), defaultGateway(name));
        } catch (SocketException e) {
            throw new DirectorException("cannot read interface '" + name + "': " + e.getMessage());
        }
    }

    /** The default route's gateway through {@code iface} from /proc/net/route, or 0 when there is none. */
    static int defaultGateway(String iface) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/route"))) {
                String[] f = line.trim().split("\\s+");
                // Iface Destination Gateway Flags …, addresses in host (little-endian) hex.
                if (f.length > 2 && f[0].equals(iface) && f[1].equals("00000000")) {
                    return Integer.reverseBytes((int) Long.parseLong(f[2], 16));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // No routing table to read: TUN servers must then be on-link.
        }
        return 0;
    }

    /** True when {@code ip} is on this NIC's subnet (reachable without a gateway). */
    public boolean onLink(int ip) {
        if (address == 0 || prefixLength == 0) {
            return true;
        }
        int mask = prefixLength >= 32 ? -1 : ~(-1 >>> prefixLength);
        return (ip & mask) == (address & mask);
    }

    /** True when {@code ip} is configured on any interface of this host (network namespace). */
    public static boolean isLocalAddress(int ip) {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    if (ia.getAddress() instanceof Inet4Address a && Ipv4Address.of(a) == ip) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SocketException e) {
            throw new DirectorException("cannot list this host's addresses: " + e.getMessage());
        }
    }
}
