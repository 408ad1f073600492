package io.lvs4j.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses as {@code int} holding the big-endian numeric value (10.0.0.1 is {@code 0x0A000001}),
 * so addresses compare, hash and mask as primitives on the datapath.
 */
public final class Ipv4Address {
    private static final String FORM = "a dotted quad of four decimal numbers 0-255 like 10.0.0.1";

    private Ipv4Address() {}

    public static int read(byte[] b, int off) {
        return Bytes.i32(b, off);
    }

    public static void write(byte[] b, int off, int ip) {
        Bytes.put32(b, off, ip);
    }

    /**
     * Strict dotted quad: exactly four parts, digits only, 0-255, no leading zeros. inet_aton's
     * forms (10.1, 0x0a.0.0.1, 010.0.0.1 as octal) are refused because they silently mean
     * another address than the one a reader of the config expects; no DNS lookups either.
     */
    public static int parse(String s) {
        if (s == null) {
            throw bad(s);
        }
        int ip = 0;
        int parts = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 4) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    break;
                }
                value = value * 10 + (ch - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                throw bad(s);
            }
            ip = ip << 8 | value;
            parts++;
            if (parts == 4) {
                if (i != n) {
                    throw bad(s);
                }
                return ip;
            }
            if (i >= n || s.charAt(i) != '.') {
                throw bad(s);
            }
            i++;
        }
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("invalid IPv4 address '" + s + "': expected " + FORM);
    }

    public static String toString(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
    }

    public static int of(Inet4Address a) {
        return read(a.getAddress(), 0);
    }

    public static Inet4Address toInet(int ip) {
        byte[] b = new byte[4];
        write(b, 0, ip);
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes is always a valid IPv4 address", e);
        }
    }
}
