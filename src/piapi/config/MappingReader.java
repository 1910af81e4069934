package piapi.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;

/**
 * Typed reads from one YAML mapping of the schema. Every wrong type becomes a positioned problem,
 * and {@link #warnUnknown} warns about each key nobody asked for, so a typo such as
 * {@code providerKeyNmae} does not pass silently.
 */
final class MappingReader {
    private final YamlMapping mapping;
    private final String path;
    private final Problems problems;
    private final boolean notAMapping;

    private MappingReader(YamlMapping mapping, String path, Problems problems, boolean notAMapping) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
        this.notAMapping = notAMapping;
    }

    /** Reads {@code node} as a mapping; a null node reads as empty, anything else is reported and reads as empty. */
    static MappingReader of(YamlNode node, String path, Problems problems) {
        if (node instanceof YamlMapping m) return new MappingReader(m, path, problems, false);
        boolean notAMapping = node != null && !(node instanceof YamlScalar s && s.isNull());
        if (notAMapping) {
            problems.error(node, path, "must be a mapping (key: value lines), not " + describe(node));
        }
        // absent: an empty mapping; problems about it are reported at the parent's position by the callers
        return new MappingReader(new YamlMapping(List.of(), node == null ? new piapi.yaml.Position(1, 1) : node.position()), path, problems,
                notAMapping);
    }

    /** Whether the node was there but not a mapping: already reported, so callers check nothing more in it. */
    boolean notAMapping() {
        return notAMapping;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    YamlMapping mapping() {
        return mapping;
    }

    /** The raw node for a key, or null when absent. */
    YamlNode node(String key) {
        return mapping.get(key);
    }

    /** A string field: null when absent or YAML null; the scalar's text otherwise (trimmed). */
    String string(String key) {
        YamlNode n = mapping.get(key);
        if (n == null) return null;
        if (n instanceof YamlScalar s) return s.isNull() ? null : s.value().strip();
        problems.error(n, path(key), "must be a single value, not " + describe(n));
        return null;
    }

    /**
     * A YAML 1.1 boolean, as the configs written for yaml.v3 mean one: unquoted true/false, yes/no or on/off in any
     * case; {@code fallback} when absent or null. One reader, so every boolean setting accepts the same words.
     */
    boolean bool(String key, boolean fallback) {
        YamlNode n = mapping.get(key);
        if (n == null || n instanceof YamlScalar s && s.isNull()) return fallback;
        if (n instanceof YamlScalar s && s.style() == YamlScalar.Style.PLAIN) {
            switch (s.value().strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on": return true;
                case "false", "no", "off": return false;
                default: break;
            }
        }
        problems.error(n, path(key), "must be true or false (yes/no and on/off also work)");
        return fallback;
    }

    /** Whether the key is present with a list or mapping where a single value belongs (already reported). */
    boolean wrongType(String key) {
        YamlNode n = mapping.get(key);
        return n != null && !(n instanceof YamlScalar);
    }

    /** Warns about every key that is not in {@code known}, suggesting the nearest known key. */
    void warnUnknown(Set<String> known) {
        Set<String> seen = new HashSet<>();
        for (YamlMapping.Entry e : mapping.entries()) {
            String k = e.key().value();
            if (known.contains(k) || !seen.add(k)) continue;
            String hint = Suggest.nearest(k, known);
            problems.warn(e.key(), path(k), "unknown key, ignored" + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
    }

    static String describe(YamlNode n) {
        return switch (n) {
            case YamlMapping m -> "a mapping";
            case piapi.yaml.YamlSequence s -> "a list";
            case YamlScalar s -> s.isNull() ? "empty" : "a single value";
        };
    }
}
