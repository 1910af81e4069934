package piapi.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict parser of the Prometheus text format 0.0.4, written for the tests: it throws on anything
 * the format forbids and on what piapi promises never to write (comments other than HELP/TYPE,
 * timestamps, trailing commas, a family split in two, HELP/TYPE twice or after a sample, a sample
 * without TYPE, a bad escape, a duplicate series, a histogram whose buckets are unsorted, not
 * cumulative, or whose {@code +Inf} differs from {@code _count}, families out of name order).
 */
public final class Exposition {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** One family: its HELP and TYPE and its samples in order. */
    public record Family(String name, String help, String type, List<Sample> samples) {}

    private final Map<String, Family> families;

    private Exposition(Map<String, Family> families) {
        this.families = families;
    }

    public Map<String, Family> families() {
        return families;
    }

    public Family family(String name) {
        Family f = families.get(name);
        if (f == null) throw new AssertionError("no family " + name + " in the exposition; have " + families.keySet());
        return f;
    }

    /** The value of the sample with exactly these labels (pairs name, value), failing when absent. */
    public double value(String sampleName, String... labelPairs) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) want.put(labelPairs[i], labelPairs[i + 1]);
        for (Family f : families.values()) {
            for (Sample s : f.samples()) if (s.name().equals(sampleName) && new TreeMap<>(s.labels()).equals(want)) return s.value();
        }
        throw new AssertionError("no sample " + sampleName + want);
    }

    /** Every label value of this label name across the family's samples. */
    public Set<String> labelValues(String family, String label) {
        Set<String> out = new HashSet<>();
        for (Sample s : family(family).samples()) if (s.labels().containsKey(label)) out.add(s.labels().get(label));
        return out;
    }

    public int seriesCount() {
        int n = 0;
        for (Family f : families.values()) n += f.samples().size();
        return n;
    }

    public static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) throw fail(0, "the text must end with a newline");
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> help = new HashMap<>();
        Map<String, String> type = new HashMap<>();
        Set<String> closed = new HashSet<>(); // families whose samples are over: they must not come back
        Set<String> series = new HashSet<>();
        String current = null;
        String previousName = null;
        String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int lineNo = n + 1;
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length < 4 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    throw fail(lineNo, "only '# HELP name text' and '# TYPE name type' comments are expected: " + line);
                }
                String name = metricName(parts[2], lineNo);
                if (!name.equals(current)) {
                    if (current != null) closed.add(current);
                    if (closed.contains(name) || families.containsKey(name)) throw fail(lineNo, "family " + name + " appears twice");
                    if (previousName != null && name.compareTo(previousName) < 0) {
                        throw fail(lineNo, "families must be in name order: " + name + " after " + previousName);
                    }
                    previousName = name;
                    current = name;
                }
                if (parts[1].equals("HELP")) {
                    if (help.containsKey(name)) throw fail(lineNo, "second HELP for " + name);
                    if (type.containsKey(name)) throw fail(lineNo, "HELP after TYPE for " + name + " (piapi writes HELP first)");
                    help.put(name, unescape(parts[3], false, lineNo));
                } else {
                    if (type.containsKey(name)) throw fail(lineNo, "second TYPE for " + name);
                    if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3])) {
                        throw fail(lineNo, "unknown type " + parts[3]);
                    }
                    type.put(name, parts[3]);
                    families.put(name, new Family(name, help.get(name), parts[3], new ArrayList<>()));
                }
                continue;
            }
            if (line.isEmpty()) throw fail(lineNo, "empty line");
            Sample s = sample(line, lineNo);
            if (current == null || !families.containsKey(current)) throw fail(lineNo, "sample before its family's TYPE: " + line);
            Family f = families.get(current);
            String expected = f.name();
            boolean ok = switch (f.type()) {
                case "histogram" -> s.name().equals(expected + "_bucket") || s.name().equals(expected + "_sum") || s.name().equals(expected + "_count");
                default -> s.name().equals(expected);
            };
            if (!ok) throw fail(lineNo, "sample " + s.name() + " does not belong to family " + expected + " (" + f.type() + ")");
            if (f.type().equals("histogram") && s.name().endsWith("_bucket") != s.labels().containsKey("le")) {
                throw fail(lineNo, "le belongs on _bucket samples only: " + line);
            }
            if (!series.add(s.name() + new TreeMap<>(s.labels()))) throw fail(lineNo, "duplicate series " + line);
            f.samples().add(s);
        }
        for (Family f : families.values()) {
            if (f.help() == null) throw fail(0, "family " + f.name() + " has no HELP");
            if (f.type().equals("histogram")) checkHistogram(f);
        }
        return new Exposition(families);
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new HashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample s : f.samples()) {
            Map<String, String> key = new TreeMap<>(s.labels());
            key.remove("le");
            if (s.name().endsWith("_bucket")) buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            else if (s.name().endsWith("_count")) counts.put(key, s.value());
            else sums.add(key);
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : buckets.entrySet()) {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (Sample b : e.getValue()) {
                double le = parseValue(b.labels().get("le"), 0);
                if (!(le > previousLe)) throw fail(0, f.name() + e.getKey() + ": buckets not in ascending le order");
                if (b.value() < previousCount) throw fail(0, f.name() + e.getKey() + ": bucket counts are not cumulative");
                previousLe = le;
                previousCount = b.value();
            }
            Sample last = e.getValue().get(e.getValue().size() - 1);
            if (!"+Inf".equals(last.labels().get("le"))) throw fail(0, f.name() + e.getKey() + ": no +Inf bucket last");
            Double count = counts.get(e.getKey());
            if (count == null || count != last.value()) throw fail(0, f.name() + e.getKey() + ": +Inf " + last.value() + " != _count " + count);
            if (!sums.contains(e.getKey())) throw fail(0, f.name() + e.getKey() + ": no _sum");
        }
        if (!buckets.keySet().equals(counts.keySet())) throw fail(0, f.name() + ": _count series without buckets");
    }

    private static Sample sample(String line, int lineNo) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
        String name = metricName(line.substring(0, i), lineNo);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                int nameStart = i;
                while (i < line.length() && line.charAt(i) != '=') i++;
                String label = line.substring(nameStart, i);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || label.startsWith("__")) throw fail(lineNo, "bad label name '" + label + "'");
                if (i + 1 >= line.length() || line.charAt(i + 1) != '"') throw fail(lineNo, "label value must be quoted: " + line);
                i += 2;
                StringBuilder raw = new StringBuilder();
                while (i < line.length() && line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && i + 1 < line.length()) raw.append(line.charAt(i++));
                    raw.append(line.charAt(i++));
                }
                if (i >= line.length()) throw fail(lineNo, "unterminated label value: " + line);
                if (labels.put(label, unescape(raw.toString(), true, lineNo)) != null) throw fail(lineNo, "label " + label + " twice");
                i++;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                    if (i < line.length() && line.charAt(i) == '}') throw fail(lineNo, "trailing comma in labels: " + line);
                    continue;
                }
                if (i >= line.length() || line.charAt(i) != '}') throw fail(lineNo, "expected , or } in " + line);
                i++;
                break;
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') throw fail(lineNo, "expected one space before the value: " + line);
        String value = line.substring(i + 1);
        if (value.contains(" ")) throw fail(lineNo, "timestamps or extra fields are not expected: " + line);
        return new Sample(name, labels, parseValue(value, lineNo));
    }

    private static String metricName(String name, int lineNo) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) throw fail(lineNo, "bad metric name '" + name + "'");
        return name;
    }

    private static double parseValue(String v, int lineNo) {
        switch (v) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                if (!v.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) throw fail(lineNo, "bad value '" + v + "'");
                return Double.parseDouble(v);
        }
    }

    private static String unescape(String s, boolean labelValue, int lineNo) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') throw fail(lineNo, "raw newline");
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= s.length()) throw fail(lineNo, "dangling backslash in " + s);
            char e = s.charAt(i);
            switch (e) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case '"' -> {
                    if (!labelValue) throw fail(lineNo, "\\\" is not an escape in HELP text");
                    out.append('"');
                }
                default -> throw fail(lineNo, "bad escape \\" + e + " in " + s);
            }
        }
        return out.toString();
    }

    private static AssertionError fail(int line, String message) {
        return new AssertionError("exposition line " + line + ": " + message);
    }
}
