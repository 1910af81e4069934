package piapi.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;
import piapi.yaml.YamlSequence;

/**
 * Small immutable edits of a parsed config document: the nodes are records, so each edit returns a new
 * tree and leaves the rest of the document (unknown sections, {@code ${VAR}} references, quoting) as
 * it was. Only the schema's shape is assumed: {@code providers} and {@code users} are lists of mappings
 * identified by {@code name}.
 */
final class ConfigTree {
    private ConfigTree() {}

    /** The value's text, stripped as the binder strips it; null for a missing node, a null scalar or a collection. */
    static String text(YamlNode node) {
        return node instanceof YamlScalar s && !s.isNull() ? s.value().strip() : null;
    }

    /** The mapping at {@code key}, or an empty one when absent or null. */
    static YamlMapping mapping(YamlMapping m, String key) {
        return m.get(key) instanceof YamlMapping child ? child : YamlEmitter.mapping(List.of());
    }

    /** The items of the list at {@code key}, empty when absent or null. */
    static List<YamlNode> items(YamlMapping m, String key) {
        return m.get(key) instanceof YamlSequence s ? s.items() : List.of();
    }

    /** {@code m} with {@code key} set: in place when it exists (its key keeps its style), else appended. */
    static YamlMapping with(YamlMapping m, String key, YamlNode value) {
        List<YamlMapping.Entry> out = new ArrayList<>(m.entries().size() + 1);
        boolean found = false;
        for (YamlMapping.Entry e : m.entries()) {
            if (e.key().value().equals(key)) {
                out.add(new YamlMapping.Entry(e.key(), value));
                found = true;
            } else {
                out.add(e);
            }
        }
        if (!found) out.add(new YamlMapping.Entry(YamlEmitter.text(key), value));
        return new YamlMapping(out, m.position());
    }

    /** {@code m} with {@code key} renamed to {@code to}, at the same place. */
    static YamlMapping renamed(YamlMapping m, String key, String to) {
        List<YamlMapping.Entry> out = new ArrayList<>(m.entries().size());
        for (YamlMapping.Entry e : m.entries()) {
            out.add(e.key().value().equals(key) ? new YamlMapping.Entry(YamlEmitter.text(to), e.value()) : e);
        }
        return new YamlMapping(out, m.position());
    }

    static YamlMapping without(YamlMapping m, String key) {
        List<YamlMapping.Entry> out = new ArrayList<>(m.entries().size());
        for (YamlMapping.Entry e : m.entries()) if (!e.key().value().equals(key)) out.add(e);
        return new YamlMapping(out, m.position());
    }

    /** Whether the mapping has this key (compared as the binder compares it: stripped). */
    static boolean hasKey(YamlMapping m, String key) {
        return keyAsWritten(m, key) != null;
    }

    /** The key as written in the file whose stripped text is {@code key}, or null. */
    static String keyAsWritten(YamlMapping m, String key) {
        for (YamlMapping.Entry e : m.entries()) if (e.key().value().strip().equals(key)) return e.key().value();
        return null;
    }

    /** The index of the list item whose {@code name} is {@code name}, or -1. */
    static int indexByName(List<YamlNode> items, String name) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof YamlMapping m && name.equals(text(m.get("name")))) return i;
        }
        return -1;
    }

    /** {@code m} with the list at {@code key} replaced. */
    static YamlMapping withItems(YamlMapping m, String key, List<YamlNode> items) {
        return with(m, key, YamlEmitter.sequence(items));
    }

    /** The list at {@code key} with item {@code index} replaced by {@code edit} of it. */
    static YamlMapping editItem(YamlMapping m, String key, int index, UnaryOperator<YamlMapping> edit) {
        List<YamlNode> items = new ArrayList<>(items(m, key));
        items.set(index, edit.apply((YamlMapping) items.get(index)));
        return withItems(m, key, items);
    }

    static YamlMapping removeItem(YamlMapping m, String key, int index) {
        List<YamlNode> items = new ArrayList<>(items(m, key));
        items.remove(index);
        return withItems(m, key, items);
    }

    static YamlMapping addItem(YamlMapping m, String key, YamlNode item) {
        List<YamlNode> items = new ArrayList<>(items(m, key));
        items.add(item);
        return withItems(m, key, items);
    }

    static YamlMapping.Entry entry(String key, YamlNode value) {
        return new YamlMapping.Entry(YamlEmitter.text(key), value);
    }
}
