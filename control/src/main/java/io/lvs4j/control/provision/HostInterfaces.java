package io.lvs4j.control.provision;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;

/** This host's interfaces and addresses, as director-setup checks them; tests pass a fake. */
public interface HostInterfaces {

    boolean exists(String name);

    /** The interface that has the address, if any. */
    Optional<String> owner(Inet4Address address);

    /** The real host, through sysfs and java.net.NetworkInterface. */
    static HostInterfaces system() {
        return new HostInterfaces() {
            @Override
            public boolean exists(String name) {
                // sysfs first: NetworkInterface.getByName misses interfaces without an address.
                try {
                    return Files.exists(Path.of("/sys/class/net", name)) || NetworkInterface.getByName(name) != null;
                } catch (SocketException e) {
                    return false;
                }
            }

            @Override
            public Optional<String> owner(Inet4Address address) {
                try {
                    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                        Optional<String> found = ownerIn(nif, address);
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                } catch (SocketException e) {
                    // No interface list: nothing to compare against; the script checks again at start.
                }
                return Optional.empty();
            }

            // Labels such as eth0:0 are sub-interfaces in java.net.
            private Optional<String> ownerIn(NetworkInterface nif, Inet4Address address) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.equals(address)) {
                        return Optional.of(nif.getName());
                    }
                }
                for (NetworkInterface sub : Collections.list(nif.getSubInterfaces())) {
                    Optional<String> found = ownerIn(sub, address);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
        };
    }
}
