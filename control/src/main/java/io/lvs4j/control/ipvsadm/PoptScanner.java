package io.lvs4j.control.ipvsadm;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an ipvsadm argument list into options the way popt (ipvsadm's option parser) does, so
 * every command line that works with ipvsadm works here:
 * <ul>
 *   <li>short options cluster ("-Ln", "-Lnc") and take a value glued on ("-t10.0.0.1:80",
 *       "-w=3") or as the next word;</li>
 *   <li>long options take "--weight=3" or "--weight 3";</li>
 *   <li>an optional value (-p) is taken from the next word only when that word does not begin
 *       with '-' ("-p 600 -M …" but "-p -M …");</li>
 *   <li>words that are not options are kept aside as arguments (--set's three timeouts), in
 *       any position; after "--" every word is an argument.</li>
 * </ul>
 * Errors are reported when reached, as popt does, because ipvsadm acts on each option in turn.
 */
final class PoptScanner {
    /** One option met on the command line; {@code word} is the argv word it came from (for messages). */
    record Occurrence(IpvsadmOption option, String value, String word) {
    }

    /** popt's failure codes that ipvsadm prints as "WORD: REASON". */
    static final class ScanError extends Exception {
        final String word;

        ScanError(String word, String reason) {
            super(reason);
            this.word = word;
        }
    }

    private final List<String> words;
    private final List<String> arguments = new ArrayList<>();
    private int next;
    private String cluster;      // the rest of a short-option cluster still to read
    private String clusterWord;  // the argv word that cluster came from
    private boolean onlyArguments;

    PoptScanner(List<String> words) {
        this.words = words;
    }

    /** The next option, or null when the words are used up. */
    Occurrence next() throws ScanError {
        while (cluster == null) {
            if (next == words.size()) {
                return null;
            }
            String word = words.get(next++);
            if (onlyArguments || !word.startsWith("-") || word.equals("-")) {
                arguments.add(word);
            } else if (word.equals("--")) {
                onlyArguments = true;
            } else if (word.startsWith("--")) {
                return longOption(word);
            } else {
                cluster = word.substring(1);
                clusterWord = word;
            }
        }
        return shortOption();
    }

    /** The non-option words met so far, in order. */
    List<String> arguments() {
        return arguments;
    }

    private Occurrence longOption(String word) throws ScanError {
        String name = word.substring(2);
        String glued = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
            glued = name.substring(eq + 1);
            name = name.substring(0, eq);
        }
        IpvsadmOption option = IpvsadmOption.byLongName(name);
        if (option == null) {
            throw new ScanError(word, "unknown option");
        }
        if (option.arg == IpvsadmOption.Arg.NONE) {
            if (glued != null) {
                throw new ScanError(word, "option does not take an argument");
            }
            return new Occurrence(option, null, word);
        }
        return new Occurrence(option, glued != null ? glued : followingValue(option, word), word);
    }

    private Occurrence shortOption() throws ScanError {
        char letter = cluster.charAt(0);
        String rest = cluster.substring(1);
        String word = clusterWord;
        cluster = rest.isEmpty() ? null : rest;
        IpvsadmOption option = IpvsadmOption.byShortName(letter);
        if (option == null) {
            cluster = null;
            throw new ScanError(word, "unknown option");
        }
        if (option.arg == IpvsadmOption.Arg.NONE) {
            return new Occurrence(option, null, word);
        }
        if (cluster != null) {
            // the rest of the word is the value; popt drops one '=' ("-w=3")
            String value = cluster.startsWith("=") ? cluster.substring(1) : cluster;
            cluster = null;
            return new Occurrence(option, value, word);
        }
        return new Occurrence(option, followingValue(option, word), word);
    }

    /** The value from the next word, if the option takes one there. */
    private String followingValue(IpvsadmOption option, String word) throws ScanError {
        if (next == words.size()) {
            if (option.arg == IpvsadmOption.Arg.OPTIONAL) {
                return null;
            }
            throw new ScanError(word, "missing argument");
        }
        String candidate = words.get(next);
        if (option.arg == IpvsadmOption.Arg.OPTIONAL && candidate.startsWith("-")) {
            return null;
        }
        next++;
        return candidate;
    }
}
