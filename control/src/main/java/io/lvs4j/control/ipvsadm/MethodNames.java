package io.lvs4j.control.ipvsadm;

import io.lvs4j.scheduler.ForwardingMethod;

/** ipvsadm's words for a forwarding method: the -L Forward column and the -S option. */
public final class MethodNames {
    private MethodNames() {
    }

    /** "Route", "Tunnel" or "Masq", as ipvsadm -L prints it. */
    public static String listName(ForwardingMethod method) {
        return switch (method) {
            case ROUTE -> "Route";
            case TUNNEL -> "Tunnel";
            case MASQ -> "Masq";
        };
    }

    /** "-g", "-i" or "-m", as ipvsadm -S writes it. */
    public static String option(ForwardingMethod method) {
        return switch (method) {
            case ROUTE -> "-g";
            case TUNNEL -> "-i";
            case MASQ -> "-m";
        };
    }
}
