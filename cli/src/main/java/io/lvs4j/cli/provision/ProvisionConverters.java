package io.lvs4j.cli.provision;

import io.lvs4j.control.provision.Format;
import io.lvs4j.control.provision.Mode;
import io.lvs4j.control.provision.VipMode;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the provisioning choices: the lower-case names, any case. */
public final class ProvisionConverters {

    private ProvisionConverters() {
    }

    /** {@code dr}, {@code tun} or {@code nat}. */
    public static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return parse(Mode::parse, value);
        }
    }

    /** {@code own} or {@code kernel}. */
    public static final class VipModeConverter implements ITypeConverter<VipMode> {
        @Override
        public VipMode convert(String value) {
            return parse(VipMode::parse, value);
        }
    }

    /** {@code script}, {@code ifcfg}, {@code sysctl}, {@code systemd} or {@code all}. */
    public static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return parse(Format::parse, value);
        }
    }

    // picocli prints a TypeConversionException's message as it is; anything else it wraps.
    private static <T> T parse(Function<String, T> parser, String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
