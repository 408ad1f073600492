package io.lvs4j.cli.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of `lvs4j checks`: "Prot VirtualAddress:Port RealAddress:Port Check State Fails Since
 * Last result", columns at least two blanks apart.
 */
record ChecksListing(String service, String realServer, String check, boolean up, int failures, String since,
                     String last) {

    boolean checked() {
        return !last.equals("not checked yet");
    }

    static List<ChecksListing> parse(String listing) {
        List<ChecksListing> list = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] f = line.split("\\s{2,}", 8);
            if (f.length != 8 || f[0].equals("Prot")) {
                continue;
            }
            if (!f[4].equals("up") && !f[4].equals("down")) {
                throw new AssertionError("state '" + f[4] + "' in lvs4j checks line: " + line);
            }
            list.add(new ChecksListing(f[1], f[2], f[3], f[4].equals("up"), Integer.parseInt(f[5]), f[6], f[7]));
        }
        return list;
    }

    /** The entry of the only checker of real server {@code rs} ("10.0.0.11"). */
    static ChecksListing of(String listing, String rs) {
        List<ChecksListing> matching = parse(listing).stream().filter(c -> c.realServer.equals(rs + ":80")).toList();
        if (matching.size() != 1) {
            throw new AssertionError("one checker of " + rs + ":80 in lvs4j checks:\n" + listing);
        }
        return matching.get(0);
    }
}
