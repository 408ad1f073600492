package io.lvs4j.control.sync;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** The multicast sockets of the daemons, made as the kernel makes its own (make_send_sock, make_receive_sock). */
final class SyncSocket {
    private SyncSocket() {
    }

    static NetworkInterface nic(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                throw new SyncException("no interface " + name + " for --mcast-interface");
            }
            return nic;
        } catch (SocketException e) {
            throw new SyncException("cannot look up interface " + name + ": " + e.getMessage());
        }
    }

    static Inet4Address address(NetworkInterface nic) {
        for (InterfaceAddress a : nic.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address v4) {
                return v4;
            }
        }
        throw new SyncException("interface " + nic.getName() + " has no IPv4 address to send sync messages from");
    }

    /** The master's: from the interface's address, out of the interface, no loopback to ourselves. */
    static DatagramChannel sender(SyncConfig c) throws IOException {
        NetworkInterface nic = nic(c.iface());
        InetAddress source = address(nic);
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, c.ttl());
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            ch.bind(new java.net.InetSocketAddress(source, 0));
            ch.connect(new java.net.InetSocketAddress(c.group(), c.port()));
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The backup's: the group's port, the group joined on the interface only. */
    static DatagramChannel receiver(SyncConfig c) throws IOException {
        NetworkInterface nic = nic(c.iface());
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new java.net.InetSocketAddress(c.group(), c.port())); // only datagrams to the group
            ch.join(c.group(), nic);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** True when {@code source} is on one of the interface's IPv4 networks (the sync network). */
    static boolean onLink(NetworkInterface nic, InetAddress source) {
        if (!(source instanceof Inet4Address)) {
            return false;
        }
        int s = toInt(source);
        for (InterfaceAddress a : nic.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address v4) {
                int bits = a.getNetworkPrefixLength();
                int mask = bits == 0 ? 0 : -1 << (32 - bits);
                if ((toInt(v4) & mask) == (s & mask)) {
                    return true;
                }
            }
        }
        return false;
    }

    static int toInt(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }
}
