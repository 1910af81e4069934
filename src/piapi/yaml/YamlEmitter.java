package piapi.yaml;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a {@link YamlNode} tree as canonical YAML that {@link YamlParser} reads back to the same tree:
 * block mappings and sequences indented by two spaces, {@code []} and <code>{}</code> for empty
 * collections, nothing after the {@code :} for an empty plain scalar (null), and every scalar either
 * plain or double-quoted. Comments and the original layout are not kept: only the tree is.
 *
 * <p>Styles are kept as they are in the tree: a plain scalar stays plain (it must be writable plain,
 * as everything the parser returns is), a quoted one stays quoted (written with double quotes and
 * escapes). New strings should be made with {@link #text}, which picks plain only when the string
 * reads back as the same string and could not be taken for a number, a boolean or null.
 */
public final class YamlEmitter {
    /** The position of nodes built in memory rather than parsed. */
    public static final Position BUILT = new Position(0, 0);

    /** Words YAML 1.1 or 1.2 resolves to null or a boolean when unquoted; {@code <<} and {@code =} are YAML 1.1 keys. */
    private static final Set<String> NOT_STRINGS = Set.of("~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "=");

    private final StringBuilder out = new StringBuilder(1024);

    private YamlEmitter() {}

    /** The document for {@code root}, ending with a line break. */
    public static String emit(YamlNode root) {
        YamlEmitter e = new YamlEmitter();
        switch (root) {
            case YamlMapping m when m.entries().isEmpty() -> e.out.append("{}\n");
            case YamlMapping m -> e.mapping(m, 0, true);
            case YamlSequence s when s.items().isEmpty() -> e.out.append("[]\n");
            case YamlSequence s -> e.sequence(s, 0);
            case YamlScalar s -> {
                if (!isEmptyPlain(s)) e.scalar(s, true).append('\n');
            }
        }
        return e.out.toString();
    }

    /** A string scalar: plain when that reads back as this same string, else double-quoted. */
    public static YamlScalar text(String value) {
        boolean plain = writablePlain(value, true) && readsAsString(value) && value.indexOf('\t') < 0;
        return new YamlScalar(value, plain ? YamlScalar.Style.PLAIN : YamlScalar.Style.DOUBLE_QUOTED, BUILT);
    }

    /** A plain scalar for a number or a boolean ({@code 3}, {@code true}). */
    public static YamlScalar plain(String value) {
        if (!writablePlain(value, true)) throw new IllegalArgumentException("not writable as a plain scalar");
        return new YamlScalar(value, YamlScalar.Style.PLAIN, BUILT);
    }

    /** An empty plain scalar: YAML's null, written as nothing after the key. */
    public static YamlScalar empty() {
        return new YamlScalar("", YamlScalar.Style.PLAIN, BUILT);
    }

    public static YamlMapping mapping(List<YamlMapping.Entry> entries) {
        return new YamlMapping(entries, BUILT);
    }

    public static YamlSequence sequence(List<YamlNode> items) {
        return new YamlSequence(items, BUILT);
    }

    private void mapping(YamlMapping m, int indent, boolean padFirst) {
        boolean first = true;
        for (YamlMapping.Entry e : m.entries()) {
            if (!first || padFirst) pad(indent);
            first = false;
            key(e.key(), indent == 0).append(':');
            value(e.value(), indent);
        }
    }

    /** What follows a key's ':' or an item's '-': on the same line, or a nested block below. */
    private void value(YamlNode v, int indent) {
        switch (v) {
            case YamlScalar s when isEmptyPlain(s) -> out.append('\n');
            case YamlScalar s -> {
                out.append(' ');
                scalar(s, false).append('\n');
            }
            case YamlMapping m when m.entries().isEmpty() -> out.append(" {}\n");
            case YamlMapping m -> {
                out.append('\n');
                mapping(m, indent + 2, true);
            }
            case YamlSequence s when s.items().isEmpty() -> out.append(" []\n");
            case YamlSequence s -> {
                out.append('\n');
                sequence(s, indent + 2);
            }
        }
    }

    private void sequence(YamlSequence s, int indent) {
        for (YamlNode item : s.items()) {
            pad(indent);
            out.append('-');
            if (item instanceof YamlMapping m && !m.entries().isEmpty()) {
                out.append(' ');
                mapping(m, indent + 2, false); // "- key: v", the other keys aligned with "key"
            } else {
                value(item, indent);
            }
        }
    }

    private StringBuilder key(YamlScalar k, boolean lineStart) {
        if (k.style() == YamlScalar.Style.PLAIN && k.value().isEmpty()) {
            throw new IllegalArgumentException("a plain mapping key must not be empty; quote it");
        }
        return scalar(k, lineStart);
    }

    private StringBuilder scalar(YamlScalar s, boolean lineStart) {
        if (s.style() != YamlScalar.Style.PLAIN) return DoubleQuoted.appendTo(out, s.value());
        if (!writablePlain(s.value(), lineStart)) throw new IllegalArgumentException("a plain scalar holds text that must be quoted");
        return out.append(s.value());
    }

    private void pad(int indent) {
        out.repeat(' ', indent);
    }

    private static boolean isEmptyPlain(YamlScalar s) {
        return s.style() == YamlScalar.Style.PLAIN && s.value().isEmpty();
    }

    /**
     * Whether {@code s} can be written without quotes and be read back as exactly {@code s}: the
     * parser's own rule for a plain scalar, so everything it returned as plain can be written again.
     * At the start of a line (a top-level key) a document marker ({@code ---}, {@code ...}) is quoted too.
     */
    static boolean writablePlain(String s, boolean lineStart) {
        if (s.isEmpty()) return false;
        char first = s.charAt(0);
        if ("&*!|>@`%#,[]{}'\"".indexOf(first) >= 0) return false;
        if ((first == '-' || first == '?' || first == ':') && (s.length() == 1 || isBlank(s.charAt(1)))) return false;
        if (lineStart && (s.startsWith("---") || s.startsWith("..."))) return false;
        if (isBlank(first) || isBlank(s.charAt(s.length() - 1)) || s.charAt(s.length() - 1) == ':') return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && DoubleQuoted.needsEscape(c) || Character.isSurrogate(c) && !pairedAt(s, i)) return false;
            if (c == ':' && isBlank(s.charAt(i + 1))) return false; // i + 1 exists: s does not end with ':'
            if (c == '#' && isBlank(s.charAt(i - 1))) return false; // i > 0: s does not start with '#'
        }
        return true;
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Whether a plain {@code s} is a string to every YAML reader: not null, not a boolean in YAML 1.1
     * or 1.2 (yaml.v3 reads {@code yes} and {@code on} into a bool), and not anything that could be a
     * number, a date or an infinity ({@code 12}, {@code +1}, {@code .5}, {@code 2026-01-01}, {@code .inf}).
     */
    static boolean readsAsString(String s) {
        if (NOT_STRINGS.contains(s.toLowerCase(Locale.ROOT))) return false;
        char c = s.charAt(0);
        // '-', '?' and ':' may start a plain scalar, but new text starting with them is clearer quoted
        return !(c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-' || c == '?' || c == ':' || c == '\t');
    }
}
