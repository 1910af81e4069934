package piapi.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import piapi.config.Secret;
import piapi.yaml.YamlException;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlParser;
import piapi.yaml.YamlScalar;
import piapi.yaml.YamlSequence;

/**
 * A config file's text with its key values masked in place, comments and layout untouched, for showing
 * and diffing kept versions without handing out keys. Masked: every value under an {@code apiKeys}
 * mapping, and every value whose key is named like a secret ({@code apiKey}, {@code token}, …) anywhere,
 * so a misspelt section is masked too. A value that is only an environment reference ({@code ${NAME}})
 * is no secret and stays; a fallback ({@code ${NAME:-sk-…}}) is masked.
 */
final class SecretMask {
    private static final Set<String> SECRET_NAMES = Set.of("apikey", "api_key", "key", "token", "secret", "password", "apikeys",
            "api_keys");

    private record Span(int line, int column, YamlScalar scalar) {}

    private SecretMask() {}

    /** The masked text, or null when it does not parse (then nothing can be located, so nothing is shown). */
    static String mask(String original) {
        String text = original.startsWith("\uFEFF") ? original.substring(1) : original; // columns count after the BOM
        YamlNode root;
        try {
            root = YamlParser.parse(text);
        } catch (YamlException e) {
            return null;
        }
        List<Span> spans = new ArrayList<>();
        collect(root, false, spans);
        if (spans.isEmpty()) return text;
        String[] lines = text.split("\r\n|\r|\n", -1);
        spans.sort(Comparator.comparingInt(Span::line).thenComparing(Comparator.comparingInt(Span::column).reversed()));
        for (Span s : spans) {
            int index = s.line() - 1;
            if (index < 0 || index >= lines.length) return null;
            String replaced = replace(lines[index], s);
            if (replaced == null) return null; // never show a line whose value could not be found
            lines[index] = replaced;
        }
        return String.join("\n", lines);
    }

    private static void collect(YamlNode node, boolean secret, List<Span> out) {
        switch (node) {
            case YamlScalar s -> {
                if (secret && !s.isNull() && !isPlainReference(s.value())) out.add(new Span(s.position().line(), s.position().column(), s));
            }
            case YamlSequence seq -> {
                for (YamlNode item : seq.items()) collect(item, secret, out);
            }
            case YamlMapping m -> {
                for (YamlMapping.Entry e : m.entries()) {
                    boolean named = SECRET_NAMES.contains(e.key().value().strip().toLowerCase(Locale.ROOT));
                    collect(e.value(), secret || named, out);
                }
            }
        }
    }

    private static boolean isPlainReference(String v) {
        String s = v.strip();
        if (!s.startsWith("${") || !s.endsWith("}") || s.indexOf('}') != s.length() - 1) return false;
        String name = s.substring(2, s.length() - 1);
        return !name.isEmpty() && name.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c) && c < 128);
    }

    /** The line with the scalar's source text replaced by a quoted mask; null when the text is not where expected. */
    private static String replace(String line, Span s) {
        int start = line.offsetByCodePoints(0, Math.min(s.column() - 1, line.codePointCount(0, line.length())));
        int end = end(line, start, s.scalar());
        if (end < 0) return null;
        return line.substring(0, start) + "\"" + masked(s.scalar().value()) + "\"" + line.substring(end);
    }

    private static int end(String line, int start, YamlScalar s) {
        switch (s.style()) {
            case PLAIN -> {
                return line.startsWith(s.value(), start) ? start + s.value().length() : -1;
            }
            case SINGLE_QUOTED -> {
                if (!line.startsWith("'", start)) return -1;
                for (int i = start + 1; i < line.length(); i++) {
                    if (line.charAt(i) != '\'') continue;
                    if (i + 1 < line.length() && line.charAt(i + 1) == '\'') i++;
                    else return i + 1;
                }
                return -1;
            }
            default -> {
                if (!line.startsWith("\"", start)) return -1;
                for (int i = start + 1; i < line.length(); i++) {
                    if (line.charAt(i) == '\\') i++;
                    else if (line.charAt(i) == '"') return i + 1;
                }
                return -1;
            }
        }
    }

    /** The value as {@link Secret#masked()} shows keys; a fallback keeps its reference: {@code ${NAME:-sk-a…xyz}}. */
    static String masked(String value) {
        String v = value.strip();
        int dash = v.indexOf(":-");
        String m;
        if (v.startsWith("${") && v.endsWith("}") && dash > 2) {
            String fallback = v.substring(dash + 2, v.length() - 1);
            m = v.substring(0, dash + 2) + (fallback.isEmpty() ? "" : Secret.of(fallback).masked()) + "}";
        } else {
            m = Secret.of(v.isEmpty() ? "-" : v).masked();
        }
        return m.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
