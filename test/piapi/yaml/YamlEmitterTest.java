package piapi.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piapi.support.HostileStrings;

/**
 * parse(emit(tree)) == tree for generated trees full of hostile strings, and the canonical layout the
 * admin API writes. Two trees are equal when they have the same shape, the same scalar texts, and the
 * same plain-or-quoted choice for each scalar (single and double quotes mean the same).
 */
class YamlEmitterTest {
    static final List<String> HOSTILE = HostileStrings.ALL;

    @Test
    void hostileStringsRoundTripAsValuesAndKeys() throws Exception {
        List<YamlMapping.Entry> entries = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            entries.add(new YamlMapping.Entry(YamlEmitter.text("v" + i), YamlEmitter.text(HOSTILE.get(i))));
            entries.add(new YamlMapping.Entry(YamlEmitter.text(HOSTILE.get(i)), YamlEmitter.text("k" + i)));
        }
        YamlMapping tree = YamlEmitter.mapping(entries);
        assertRoundTrip(tree);
        // text() keeps the meaning: what looks like null, a boolean or a number stays a quoted string
        YamlMapping back = (YamlMapping) YamlParser.parse(YamlEmitter.emit(tree));
        for (String word : List.of("true", "null", "~", "yes", "123", "-1", ".inf", "2026-01-02", "")) {
            YamlScalar s = (YamlScalar) back.get("v" + HOSTILE.indexOf(word));
            assertEquals(word, s.value());
            assertEquals(YamlScalar.Style.DOUBLE_QUOTED, s.style(), word);
        }
    }

    @Test
    void generatedTreesRoundTrip() throws Exception {
        Random random = new Random(20261206);
        for (int i = 0; i < 3000; i++) {
            YamlNode tree = random.nextInt(8) == 0 ? sequence(random, 0) : mapping(random, 0);
            assertRoundTrip(tree);
        }
    }

    @Test
    void writesTheCanonicalLayout() {
        YamlMapping tree = YamlEmitter.mapping(List.of(
                entry("providers", YamlEmitter.sequence(List.of(YamlEmitter.mapping(List.of(
                        entry("name", YamlEmitter.text("alpha")),
                        entry("apiKeys", YamlEmitter.mapping(List.of(entry("main", YamlEmitter.text("${ALPHA_KEY}"))))),
                        entry("services", YamlEmitter.sequence(List.of(YamlEmitter.mapping(List.of(
                                entry("type", YamlEmitter.text("codex")),
                                entry("auth", YamlEmitter.mapping(List.of(entry("prefix", YamlEmitter.text("Bearer ")))))))))),
                        entry("tags", YamlEmitter.sequence(List.of(YamlEmitter.text("a"), YamlEmitter.sequence(List.of()),
                                YamlEmitter.sequence(List.of(YamlEmitter.text("b"))), YamlEmitter.empty())))))))),
                entry("users", YamlEmitter.sequence(List.of())),
                entry("limits", YamlEmitter.mapping(List.of())),
                entry("weight", YamlEmitter.plain("3")),
                entry("nothing", YamlEmitter.empty())));
        assertEquals("""
                providers:
                  - name: alpha
                    apiKeys:
                      main: ${ALPHA_KEY}
                    services:
                      - type: codex
                        auth:
                          prefix: "Bearer "
                    tags:
                      - a
                      - []
                      -
                        - b
                      -
                users: []
                limits: {}
                weight: 3
                nothing:
                """, YamlEmitter.emit(tree));
    }

    @Test
    void refusesWhatCannotBeWrittenFaithfully() {
        YamlScalar badPlain = new YamlScalar("a: b", YamlScalar.Style.PLAIN, YamlEmitter.BUILT);
        assertThrows(IllegalArgumentException.class, () -> YamlEmitter.emit(YamlEmitter.mapping(List.of(entry("k", badPlain)))));
        assertThrows(IllegalArgumentException.class, () -> YamlEmitter.emit(YamlEmitter.mapping(List.of(
                new YamlMapping.Entry(YamlEmitter.empty(), YamlEmitter.text("v"))))));
        assertThrows(IllegalArgumentException.class, () -> YamlEmitter.emit(YamlEmitter.mapping(List.of(entry("k",
                YamlEmitter.text("half \uD800 surrogate"))))));
        assertThrows(IllegalArgumentException.class, () -> YamlEmitter.plain("true # no"));
    }

    @Test
    void parsedFilesRoundTrip() throws Exception {
        String example = java.nio.file.Files.readString(java.nio.file.Path.of("config.yaml.example"));
        assertRoundTrip(YamlParser.parse(example));
        assertRoundTrip(YamlParser.parse("""
                a: -1
                b: ?x
                c: :x
                d: a\tb
                e: { x: 'it''s', y: "\\u00e9\\n", z: [1, -2, ~, ''] }
                f: ---
                g: ...
                h: a[b]{c}
                -x: plain key
                "---": quoted marker
                """));
    }

    @Test
    void emptyDocuments() throws Exception {
        assertEquals("{}\n", YamlEmitter.emit(YamlEmitter.mapping(List.of())));
        assertEquals("[]\n", YamlEmitter.emit(YamlEmitter.sequence(List.of())));
        assertRoundTrip(YamlEmitter.mapping(List.of()));
        assertRoundTrip(YamlEmitter.sequence(List.of()));
    }

    private static YamlMapping.Entry entry(String key, YamlNode value) {
        return new YamlMapping.Entry(YamlEmitter.text(key), value);
    }

    static void assertRoundTrip(YamlNode tree) throws YamlException {
        String yaml = YamlEmitter.emit(tree);
        YamlNode back;
        try {
            back = YamlParser.parse(yaml);
        } catch (YamlException e) {
            throw new AssertionError("emitted YAML does not parse: " + e.getMessage() + "\n" + yaml, e);
        }
        assertEquals(shape(tree), shape(back), yaml);
    }

    /** The tree without positions, quoted styles folded into one. */
    static String shape(YamlNode node) {
        StringBuilder sb = new StringBuilder();
        shape(node, sb);
        return sb.toString();
    }

    private static void shape(YamlNode node, StringBuilder sb) {
        switch (node) {
            case YamlScalar s -> sb.append(s.style() == YamlScalar.Style.PLAIN ? "P<" : "Q<").append(s.value()).append('>');
            case YamlSequence s -> {
                sb.append('[');
                for (YamlNode item : s.items()) {
                    shape(item, sb);
                    sb.append(',');
                }
                sb.append(']');
            }
            case YamlMapping m -> {
                sb.append('{');
                for (YamlMapping.Entry e : m.entries()) {
                    shape(e.key(), sb);
                    sb.append(':');
                    shape(e.value(), sb);
                    sb.append(',');
                }
                sb.append('}');
            }
        }
    }

    private static YamlMapping mapping(Random r, int depth) {
        int n = r.nextInt(depth == 0 ? 6 : 4);
        List<YamlMapping.Entry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String key = string(r);
            if (!keys.add(key)) continue; // keys are unique in a mapping
            entries.add(new YamlMapping.Entry(quotedOrText(r, key), node(r, depth + 1)));
        }
        return YamlEmitter.mapping(entries);
    }

    private static YamlSequence sequence(Random r, int depth) {
        int n = r.nextInt(4);
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(node(r, depth + 1));
        return YamlEmitter.sequence(items);
    }

    private static YamlNode node(Random r, int depth) {
        int pick = r.nextInt(depth >= 5 ? 3 : 10);
        return switch (pick) {
            case 0, 1 -> quotedOrText(r, string(r));
            case 2 -> switch (r.nextInt(4)) {
                case 0 -> YamlEmitter.plain(Integer.toString(r.nextInt(1000) - 500));
                case 1 -> YamlEmitter.plain(r.nextBoolean() ? "true" : "false");
                case 2 -> YamlEmitter.empty();
                default -> YamlEmitter.plain("1.5e" + r.nextInt(9));
            };
            case 3, 4, 5 -> mapping(r, depth);
            case 6, 7 -> sequence(r, depth);
            default -> YamlEmitter.text(string(r));
        };
    }

    /** Parsed trees hold single- and double-quoted scalars too; built ones come from text(). */
    private static YamlScalar quotedOrText(Random r, String s) {
        return switch (r.nextInt(4)) {
            case 0 -> new YamlScalar(s, YamlScalar.Style.SINGLE_QUOTED, YamlEmitter.BUILT);
            case 1 -> new YamlScalar(s, YamlScalar.Style.DOUBLE_QUOTED, YamlEmitter.BUILT);
            default -> YamlEmitter.text(s);
        };
    }

    private static final String PIECES = "ab:# -?'\"\\${}[],&*!|>%@`~.\t\n\u0085é日😀0";

    private static String string(Random r) {
        if (r.nextInt(3) == 0) return HOSTILE.get(r.nextInt(HOSTILE.size()));
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(PIECES.length());
            char c = PIECES.charAt(at);
            if (Character.isHighSurrogate(c)) sb.append(c).append(PIECES.charAt(at + 1));
            else if (!Character.isLowSurrogate(c)) sb.append(c);
        }
        return sb.toString();
    }
}
