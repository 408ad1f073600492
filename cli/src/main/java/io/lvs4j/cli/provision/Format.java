package io.lvs4j.cli.provision;

import java.util.List;
import picocli.CommandLine.ITypeConverter;

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

    /** picocli converter: the lower-case names, any case. */
    public static final class Converter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Choice.parse(Format.class, value);
        }
    }
}
