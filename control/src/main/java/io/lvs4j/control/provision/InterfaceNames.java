package io.lvs4j.control.provision;

import java.util.regex.Pattern;

/**
 * Checks Linux interface names.
 *
 * <p>The kernel (dev_valid_name) allows 1..15 bytes except '/', ':' and whitespace, and not "."
 * or "..". We are stricter about the remaining characters because the name is written into
 * shell scripts and unit files: letters, digits and {@code . _ - @ +} cover the names that
 * udev, veth, VLAN and bridge tooling produce.
 */
public final class InterfaceNames {

    /** IFNAMSIZ - 1: room for the kernel's terminating NUL. */
    public static final int MAX_LENGTH = 15;

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@+-]+");

    private InterfaceNames() {
    }

    /** Returns the name, or throws naming the bad value and what is allowed. */
    public static String validate(String name) {
        String allowed = "an interface name has 1 to " + MAX_LENGTH
                + " characters: letters, digits and . _ - @ + (no '/', ':' or whitespace)";
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new InvalidInputException("'" + name + "' is not a valid interface name ("
                    + name.length() + " characters); " + allowed);
        }
        if (name.equals(".") || name.equals("..") || !SAFE.matcher(name).matches()) {
            throw new InvalidInputException("'" + name + "' is not a valid interface name; " + allowed);
        }
        return name;
    }
}
