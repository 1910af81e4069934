package piapi.yaml;

import java.util.List;
import java.util.Objects;

/**
 * A mapping, block or flow. Entries keep their source order and keys are unique (the parser
 * rejects duplicates), so {@link #get(String)} is unambiguous.
 *
 * @param entries the entries in source order (unmodifiable)
 * @param position the first key for a block mapping, the <code>'{'</code> for a flow mapping
 */
public record YamlMapping(List<Entry> entries, Position position) implements YamlNode {

    /** One {@code key: value} pair. Keys are always scalars; a missing value is a null scalar. */
    public record Entry(YamlScalar key, YamlNode value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    public YamlMapping {
        entries = List.copyOf(entries);
        Objects.requireNonNull(position, "position");
    }

    /** The value for the key whose text equals {@code key}, or null when there is none. */
    public YamlNode get(String key) {
        // A linear scan: config mappings are small and this keeps the record a plain list.
        for (Entry entry : entries) {
            if (entry.key().value().equals(key)) {
                return entry.value();
            }
        }
        return null;
    }
}
