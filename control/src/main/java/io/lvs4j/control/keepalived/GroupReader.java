package io.lvs4j.control.keepalived;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Reads a virtual_server_group's entries: {@code IP PORT} and {@code A.B.C.D-E PORT} (a last-octet range). */
final class GroupReader {
    private GroupReader() {
    }

    static List<Endpoint> read(ConfigNode node) {
        if (!node.isBlock()) {
            throw ConfigException.at(node.keyword(), "virtual_server_group needs a { ... } block");
        }
        List<Endpoint> members = new ArrayList<>();
        for (ConfigNode entry : node.children()) {
            Token first = entry.keyword();
            if (first.is("fwmark")) {
                throw ConfigException.at(first, "fwmark in virtual_server_group is not supported yet (allowed: IP PORT or IP-RANGE PORT)");
            }
            if (entry.isBlock() || entry.args().size() != 1) {
                throw ConfigException.at(first, "bad virtual_server_group entry '" + (first.text() + " "
                        + Values.joined(entry.args())).trim() + "' (allowed: IP PORT or A.B.C.D-E PORT)");
            }
            int port = Values.port(entry.args().get(0));
            String text = first.text();
            int dash = text.lastIndexOf('-');
            if (dash < 0) {
                members.add(new Endpoint(Values.ipv4(first, "virtual_server_group address"), port));
                continue;
            }
            Inet4Address from = Values.ipv4(new Token(text.substring(0, dash), first.file(), first.line(), false),
                    "virtual_server_group address");
            int low = from.getAddress()[3] & 0xff;
            int high = Values.integer(new Token(text.substring(dash + 1), first.file(), first.line(), false),
                    "range end", low, 255);
            byte[] b = from.getAddress();
            for (int i = low; i <= high; i++) {
                b[3] = (byte) i;
                members.add(new Endpoint(address(b), port));
            }
        }
        if (members.isEmpty()) {
            throw ConfigException.at(node.keyword(), "virtual_server_group " + Values.joined(node.args()) + " is empty");
        }
        return List.copyOf(members);
    }

    private static Inet4Address address(byte[] b) {
        try {
            return (Inet4Address) InetAddress.getByAddress(b.clone());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
