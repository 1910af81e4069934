package piapi.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects mapping entries in order, rejecting a key that is already present. */
final class MappingBuilder {
    private final List<YamlMapping.Entry> entries = new ArrayList<>();
    private final Map<String, Position> firstDefined = new HashMap<>();

    /**
     * Registers {@code key}, failing when the mapping already has it. Called before the value is
     * read, so the duplicate is reported even if the value is broken too. Keys compare by text:
     * {@code a} and {@code "a"} are the same key.
     */
    void checkNew(YamlScalar key) throws YamlException {
        Position first = firstDefined.putIfAbsent(key.value(), key.position());
        if (first != null) {
            throw new YamlException("duplicate key '" + key.value() + "' (first defined at "
                    + first + ")", key.position());
        }
    }

    void add(YamlScalar key, YamlNode value) {
        entries.add(new YamlMapping.Entry(key, value));
    }

    /**
     * The problem for a key with no ':' after it. The text is not echoed beyond the part before a
     * ':' (the intended key): such a line is often a value written without its space, and values
     * can be secrets ({@code apiKey:sk-...}).
     */
    static String missingColon(YamlScalar key) {
        int colon = key.value().indexOf(':');
        // "tags:[a]" or "key:value" is one plain scalar: ':' is an indicator only before a blank.
        return key.style() == YamlScalar.Style.PLAIN && colon > 0
                ? "expected ': ' after mapping key '" + key.value().substring(0, colon) + "'; put a space after ':'"
                : "expected ':' after a mapping key";
    }

    YamlMapping build(Position position) {
        return new YamlMapping(entries, position);
    }
}
