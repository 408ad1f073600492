package io.lvs4j.control.provision;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and checks virtual IP addresses: unicast IPv4 only.
 *
 * <p>Parsed by hand rather than with {@code InetAddress.getByName}, which would resolve host names
 * through DNS and accept inet_aton forms such as {@code 10.1} or octal {@code 010.0.0.1}.
 */
public final class VipValidator {

    /** Dotted quad, no leading zeros (inet_aton would read them as octal). */
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    static final String ALLOWED = "a VIP must be a unicast IPv4 address such as 10.0.0.100"
            + " (not 0.0.0.0/8, 127.0.0.0/8, multicast 224.0.0.0/4, reserved 240.0.0.0/4"
            + " or 255.255.255.255); separate several with commas";

    private VipValidator() {
    }

    /** A comma-separated list of VIPs, in the given order, without duplicates. */
    public static List<Inet4Address> parseList(String text) {
        Set<Inet4Address> vips = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String vip = part.strip();
            if (vip.isEmpty()) {
                throw new InvalidInputException("empty VIP in '" + text + "'; " + ALLOWED);
            }
            if (!vips.add(parse(vip))) {
                throw new InvalidInputException("VIP " + vip + " is given twice in '" + text + "'");
            }
        }
        return List.copyOf(new ArrayList<>(vips));
    }

    /** One VIP. */
    public static Inet4Address parse(String text) {
        Matcher m = DOTTED_QUAD.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException("'" + text + "' is not an IPv4 address; " + ALLOWED);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(m.group(i + 1));
            if (octet > 255) {
                throw new InvalidInputException("'" + text + "' is not an IPv4 address (" + octet
                        + " > 255); " + ALLOWED);
            }
            bytes[i] = (byte) octet;
        }
        String reserved = reservedRange(bytes);
        if (reserved != null) {
            throw new InvalidInputException("'" + text + "' is " + reserved + "; " + ALLOWED);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only thrown for a wrong array length
        }
    }

    /** Why a VIP in this range cannot work, or null when it is ordinary unicast. */
    private static String reservedRange(byte[] b) {
        int first = b[0] & 0xff;
        if (first == 0) {
            return "in 0.0.0.0/8 (\"this network\", never a destination)";
        }
        if (first == 127) {
            return "a loopback address (127.0.0.0/8)";
        }
        if (first >= 224 && first <= 239) {
            return "a multicast address (224.0.0.0/4)";
        }
        if ((b[0] & b[1] & b[2] & b[3] & 0xff) == 0xff) {
            return "the limited broadcast address";
        }
        if (first >= 240) {
            return "a reserved address (240.0.0.0/4)";
        }
        return null;
    }

    /** The dotted-quad text of an address (no reverse DNS lookup). */
    public static String text(Inet4Address vip) {
        return vip.getHostAddress();
    }
}
