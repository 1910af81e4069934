package piapi.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import piapi.yaml.YamlException;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlParser;
import piapi.yaml.YamlScalar;
import piapi.yaml.YamlSequence;

/**
 * What changed between two versions of the config, as a short list of paths for the history view:
 * {@code users[bob] added}, {@code providers[alpha].apiKeys.main changed}. Lists of named things
 * (providers, users, services) are matched by name or type, so a reordering is not a change. Values are
 * never shown: a path says a key changed, not what it became.
 */
final class ConfigChanges {
    static final int MAX = 20;

    private final List<String> out = new ArrayList<>();
    private int more;

    private ConfigChanges() {}

    /** The changes from {@code before} to {@code after}; {@code before} null means there was no earlier version. */
    static List<String> between(byte[] before, byte[] after) {
        if (before == null) return List.of("first version kept");
        YamlNode a = parse(before);
        YamlNode b = parse(after);
        if (b == null) return List.of("the new file does not parse");
        if (a == null) return List.of("replaces a file that did not parse");
        ConfigChanges c = new ConfigChanges();
        c.diff("", a, b);
        if (c.out.isEmpty()) c.out.add(java.util.Arrays.equals(before, after) ? "no change" : "layout or comments only");
        if (c.more > 0) c.out.add("… and " + c.more + " more");
        return List.copyOf(c.out);
    }

    private static YamlNode parse(byte[] bytes) {
        try {
            return YamlParser.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (YamlException e) {
            return null;
        }
    }

    private void add(String path, String what) {
        if (out.size() >= MAX) {
            more++;
        } else {
            out.add((path.isEmpty() ? "the document" : path) + " " + what);
        }
    }

    private void diff(String path, YamlNode a, YamlNode b) {
        if (a instanceof YamlMapping ma && b instanceof YamlMapping mb) {
            mappings(path, ma, mb);
        } else if (a instanceof YamlSequence sa && b instanceof YamlSequence sb) {
            sequences(path, sa, sb);
        } else if (a instanceof YamlScalar x && b instanceof YamlScalar y) {
            if (!x.value().equals(y.value()) || (x.style() == YamlScalar.Style.PLAIN) != (y.style() == YamlScalar.Style.PLAIN)) {
                add(path, "changed");
            }
        } else {
            add(path, "changed");
        }
    }

    private void mappings(String path, YamlMapping a, YamlMapping b) {
        Set<String> keys = new LinkedHashSet<>();
        for (YamlMapping.Entry e : a.entries()) keys.add(e.key().value());
        for (YamlMapping.Entry e : b.entries()) keys.add(e.key().value());
        for (String k : keys) {
            String p = path.isEmpty() ? k : path + "." + k;
            YamlNode x = a.get(k);
            YamlNode y = b.get(k);
            if (x == null) add(p, "added");
            else if (y == null) add(p, "removed");
            else diff(p, x, y);
        }
    }

    private void sequences(String path, YamlSequence a, YamlSequence b) {
        String id = identity(a, b);
        if (id == null) {
            if (a.items().size() != b.items().size()) {
                add(path, "changed");
                return;
            }
            for (int i = 0; i < a.items().size(); i++) diff(path + "[" + i + "]", a.items().get(i), b.items().get(i));
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (YamlNode n : a.items()) names.add(name(n, id));
        for (YamlNode n : b.items()) names.add(name(n, id));
        for (String name : names) {
            YamlNode x = find(a, id, name);
            YamlNode y = find(b, id, name);
            String p = path + "[" + name + "]";
            if (x == null) add(p, "added");
            else if (y == null) add(p, "removed");
            else diff(p, x, y);
        }
    }

    /** {@code name} or {@code type} when every item of both lists is a mapping with a distinct one; else null. */
    private static String identity(YamlSequence a, YamlSequence b) {
        for (String id : List.of("name", "type")) {
            Set<String> seenA = new LinkedHashSet<>();
            Set<String> seenB = new LinkedHashSet<>();
            if (named(a, id, seenA) && named(b, id, seenB)) return id;
        }
        return null;
    }

    private static boolean named(YamlSequence s, String id, Set<String> seen) {
        for (YamlNode n : s.items()) {
            String name = name(n, id);
            if (name == null || !seen.add(name)) return false;
        }
        return true;
    }

    private static String name(YamlNode n, String id) {
        return n instanceof YamlMapping m ? ConfigTree.text(m.get(id)) : null;
    }

    private static YamlNode find(YamlSequence s, String id, String name) {
        for (YamlNode n : s.items()) if (name.equals(name(n, id))) return n;
        return null;
    }
}
