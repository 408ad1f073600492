package io.lvs4j.cli.provision;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.TypeConversionException;

/**
 * Lower-case command-line spelling of an enum ({@code --mode dr}), case-insensitive, with an
 * error that lists what is allowed. picocli's own enum conversion wants the Java constant name.
 */
final class Choice {

    private Choice() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new TypeConversionException("'" + text + "' is not allowed; use one of " + allowed(type));
    }

    static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::spelling).collect(Collectors.joining(", "));
    }

    static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
