package io.lvs4j.control.keepalived;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/** Reads a statement's values, refusing bad ones with file:line, the value and what is allowed. */
final class Values {
    private Values() {
    }

    static void count(ConfigNode node, int n, String usage) {
        if (node.args().size() != n) {
            throw ConfigException.at(node.keyword(), node.name() + " takes " + usage + ", got "
                    + (node.args().isEmpty() ? "nothing" : "'" + joined(node.args()) + "'"));
        }
    }

    static void flag(ConfigNode node) {
        count(node, 0, "no value");
    }

    static String word(ConfigNode node, String usage) {
        count(node, 1, usage);
        return node.args().get(0).text();
    }

    /** The rest of the line as written: a program with its arguments (usually one quoted word). */
    static String command(ConfigNode node) {
        if (node.args().isEmpty()) {
            throw ConfigException.at(node.keyword(), node.name() + " takes a program to run, got nothing");
        }
        return joined(node.args());
    }

    static int integer(ConfigNode node, long min, long max) {
        count(node, 1, "one number (" + min + "-" + max + ")");
        return integer(node.args().get(0), node.name(), min, max);
    }

    static int integer(Token t, String what, long min, long max) {
        long v;
        try {
            v = Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            v = Long.MIN_VALUE;
        }
        if (v < min || v > max) {
            throw ConfigException.at(t, "bad " + what + " '" + t.text() + "' (allowed: " + min + "-" + max + ")");
        }
        return (int) v;
    }

    /** Seconds, with a fraction if wanted (keepalived takes {@code 0.5}); at least {@code min}. */
    static Duration seconds(ConfigNode node, Duration min) {
        count(node, 1, "one duration in seconds");
        Token t = node.args().get(0);
        Duration d = null;
        try {
            BigDecimal s = new BigDecimal(t.text());
            if (s.signum() >= 0 && s.compareTo(BigDecimal.valueOf(86_400L * 365)) <= 0) {
                d = Duration.ofNanos(s.movePointRight(9).longValue());
            }
        } catch (NumberFormatException e) {
            d = null;
        }
        if (d == null || d.compareTo(min) < 0) {
            throw ConfigException.at(t, "bad " + node.name() + " '" + t.text() + "' (allowed: seconds, at least "
                    + (min.toMillis() / 1000.0) + ")");
        }
        return d;
    }

    static Inet4Address ipv4(Token t, String what) {
        String s = t.text();
        if (s.indexOf(':') >= 0) {
            throw ConfigException.at(t, what + " '" + s + "': IPv6 is not supported yet (allowed: an IPv4 address)");
        }
        String[] parts = s.split("\\.", -1);
        byte[] bytes = new byte[4];
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            ok = parts[i].matches("[0-9]{1,3}") && Integer.parseInt(parts[i]) <= 255;
            if (ok) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
        }
        if (!ok) {
            throw ConfigException.at(t, "bad " + what + " '" + s + "' (allowed: an IPv4 address a.b.c.d)");
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static int port(Token t) {
        return integer(t, "port", 1, 65535);
    }

    /** {@code IP PORT}. */
    static Endpoint endpoint(ConfigNode node) {
        count(node, 2, "an IPv4 address and a port");
        return new Endpoint(ipv4(node.args().get(0), node.name() + " address"), port(node.args().get(1)));
    }

    /** A netmask such as 255.255.255.0 (contiguous ones). */
    static String netmask(ConfigNode node) {
        count(node, 1, "one netmask");
        Token t = node.args().get(0);
        Inet4Address a = ipv4(t, node.name());
        byte[] b = a.getAddress();
        int bits = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (bits != 0 && Integer.numberOfLeadingZeros(~bits) != Integer.bitCount(bits)) {
            throw ConfigException.at(t, "bad " + node.name() + " '" + t.text()
                    + "' (allowed: a netmask of contiguous ones, e.g. 255.255.255.0)");
        }
        return a.getHostAddress();
    }

    static String joined(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        return sb.toString();
    }
}
