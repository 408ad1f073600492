package io.lvs4j.cli.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (the client library writes it
 * but has no parser): names, label syntax and escapes, float values, one HELP and TYPE per family
 * before its samples, a family's samples together, counter samples named family_total (or the
 * family itself), no series twice, and a newline after the last line. Any breach throws.
 */
final class Exposition {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("^# HELP (" + NAME + ") (.*)$");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)$");
    private static final Pattern SAMPLE = Pattern.compile("^(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");

    /** One sample: its name, labels (sorted by name) and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private Exposition() {
    }

    static List<Sample> parse(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> closed = new HashSet<>(); // families whose samples ended
        Set<String> series = new HashSet<>();
        String current = null;
        int n = 0;
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            n++;
            String at = "line " + n + " '" + line + "': ";
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                String family = m.group(1);
                if (!helped.add(family) || closed.contains(family) || family.equals(current)) {
                    throw new IllegalArgumentException(at + "HELP twice or after the family's samples");
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                String family = m.group(1);
                if (types.put(family, m.group(2)) != null || closed.contains(family) || family.equals(current)) {
                    throw new IllegalArgumentException(at + "TYPE twice or after the family's samples");
                }
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                String family = family(name, types);
                if (!family.equals(current)) {
                    if (current != null) {
                        closed.add(current);
                    }
                    if (closed.contains(family)) {
                        throw new IllegalArgumentException(at + "samples of " + family + " are not together");
                    }
                    current = family;
                }
                Map<String, String> labels = labels(m.group(3), at);
                if (!FLOAT.matcher(m.group(4)).matches()) {
                    throw new IllegalArgumentException(at + "value is not a float");
                }
                if (!series.add(name + labels)) {
                    throw new IllegalArgumentException(at + "the same series twice");
                }
                samples.add(new Sample(name, labels, Double.parseDouble(m.group(4).replace("Inf", "Infinity"))));
            } else if (!line.isEmpty()) {
                throw new IllegalArgumentException(at + "neither a comment nor a sample");
            }
        }
        return samples;
    }

    /** The family a sample belongs to: a counter's samples are FAMILY_total (or FAMILY) where TYPE names FAMILY. */
    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            if (types.get(name).equals("counter") && !name.endsWith("_total")) {
                throw new IllegalArgumentException(name + ": a counter's samples end in _total");
            }
            return name;
        }
        if (name.endsWith("_total") && "counter".equals(types.get(name.substring(0, name.length() - 6)))) {
            return name.substring(0, name.length() - 6);
        }
        throw new IllegalArgumentException(name + ": no TYPE line for this sample's family");
    }

    private static Map<String, String> labels(String text, String at) {
        Map<String, String> labels = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int pos = 0;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException(at + "bad label syntax at " + pos);
            }
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(m.group(1), value) != null) {
                throw new IllegalArgumentException(at + "label " + m.group(1) + " twice");
            }
            pos = m.end();
        }
        return labels;
    }

    /** The value of the one sample named {@code name} with exactly these labels (name=value pairs). */
    static double value(List<Sample> samples, String name, String... labels) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(want)).mapToDouble(Sample::value)
                .reduce((a, b) -> {
                    throw new IllegalArgumentException(name + want + " twice");
                }).orElseThrow(() -> new AssertionError("no sample " + name + want));
    }
}
