package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.ControlPlane;
import io.lvs4j.control.TableChange;
import io.lvs4j.control.TableException;
import io.lvs4j.control.ipvsadm.IpvsadmCommand.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A file of table commands: what {@code ipvsadm -S} writes, what {@code ipvsadm -R} and
 * {@code lvs4j run -f} read, and also the classic labs' scripts of full {@code ipvsadm …} lines.
 * One command per line; blank lines and '#' comments are skipped; a leading "ipvsadm" (or
 * "/sbin/ipvsadm") is ignored. Every line is parsed before anything is applied, so a file with
 * one bad line changes nothing.
 */
public final class RulesFile {
    /** The commands a rules file may hold: table edits and --set, as ipvsadm -R would run them. */
    private static final Set<Kind> ALLOWED = EnumSet.of(Kind.ADD_SERVICE, Kind.EDIT_SERVICE, Kind.DELETE_SERVICE,
            Kind.CLEAR, Kind.ADD_SERVER, Kind.EDIT_SERVER, Kind.DELETE_SERVER, Kind.SET_TIMEOUTS);

    /** One command and the line it came from (1-based), for messages. */
    public record Rule(int line, IpvsadmCommand command) {
    }

    private final String name;
    private final List<Rule> rules;

    private RulesFile(String name, List<Rule> rules) {
        this.name = name;
        this.rules = Collections.unmodifiableList(rules);
    }

    /** Reads and parses a file; an empty file is an empty table. */
    public static RulesFile parse(Path file) throws IOException {
        return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /**
     * Parses rules text (e.g. ipvsadm -R's standard input).
     *
     * @param name what messages call the source: a path, or "<stdin>"
     * @throws RulesFileException for the first bad line, as {@code NAME:LINE: reason}
     */
    public static RulesFile parse(String name, String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> words = Arrays.asList(line.split("\\s+"));
            if (IpvsadmParser.isProgramName(words.get(0))) {
                words = words.subList(1, words.size());
                if (words.isEmpty()) {
                    continue; // a bare "ipvsadm" line does nothing in ipvsadm -R either
                }
            }
            IpvsadmCommand command;
            try {
                command = IpvsadmParser.parse(words);
            } catch (IpvsadmException e) {
                throw new RulesFileException(name, i + 1, e.getMessage(), e.exitCode());
            }
            if (!ALLOWED.contains(command.kind())) {
                throw new RulesFileException(name, i + 1, "`" + command.kind().option()
                        + "' is not allowed in a rules file (allowed: -A -E -D -C -a -e -d --set)",
                        IpvsadmException.BAD_USAGE);
            }
            rules.add(new Rule(i + 1, command));
        }
        return new RulesFile(name, rules);
    }

    /** Where the rules came from, as messages name it. */
    public String name() {
        return name;
    }

    /** The commands in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Applies the whole file through the control plane (ipvsadm -R, run -f): every line is
     * checked against the table as the lines before it would leave it, then all are applied.
     *
     * @throws RulesFileException naming the first line that would be refused (nothing has changed)
     */
    public void applyTo(ControlPlane control) throws InterruptedException {
        List<TableChange> changes = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            changes.add(rule.command().change());
        }
        try {
            control.apply(changes);
        } catch (TableException e) {
            throw new RulesFileException(name, rules.get(e.index()).line(), e.getMessage(), IpvsadmException.REFUSED);
        }
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }
}
