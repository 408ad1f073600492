package io.lvs4j.control.provision;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Lower-case command-line spelling of an enum ({@code --mode dr}), case-insensitive, with an
 * error that lists what is allowed; Enum.valueOf wants the upper-case constant name.
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
        throw new IllegalArgumentException("'" + text + "' is not allowed; use one of " + allowed(type));
    }

    static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::spelling).collect(Collectors.joining(", "));
    }

    static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
