package io.lvs4j.control.provision;

import java.util.List;

/** The output formats; {@link #ALL} is every other one, in this order. */
public enum Format {
    SCRIPT, IFCFG, SYSCTL, SYSTEMD, ALL;

    /** The concrete formats this one stands for. */
    public List<Format> expand() {
        return this == ALL ? List.of(SCRIPT, IFCFG, SYSCTL, SYSTEMD) : List.of(this);
    }

    @Override
    public String toString() {
        return Choice.spelling(this);
    }

    /** Parses the command-line spelling: the lower-case names, any case. */
    public static Format parse(String value) {
        return Choice.parse(Format.class, value);
    }
}
