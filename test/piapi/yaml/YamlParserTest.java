package piapi.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.yaml.YamlTestSupport.assertPosition;
import static piapi.yaml.YamlTestSupport.at;
import static piapi.yaml.YamlTestSupport.mapping;
import static piapi.yaml.YamlTestSupport.parse;
import static piapi.yaml.YamlTestSupport.scalar;
import static piapi.yaml.YamlTestSupport.sequence;
import static piapi.yaml.YamlTestSupport.text;

import java.util.List;
import org.junit.jupiter.api.Test;
import piapi.yaml.YamlScalar.Style;

/** What the supported subset parses to. */
class YamlParserTest {

    @Test
    void emptyDocumentIsNullScalarAtOneOne() {
        for (String yaml : List.of("", "\n\n", "   \n", "# only\n  # comments\n", "---\n",
                "---\n...\n", "\uFEFF")) {
            YamlScalar root = scalar(parse(yaml));
            assertEquals("", root.value(), yaml);
            assertTrue(root.isNull(), yaml);
            assertPosition(1, 1, root);
        }
    }

    @Test
    void plainScalarsKeepTheirSourceText() {
        YamlNode root = parse("""
                apiKey: 12345
                hex: 0x1F
                price: 1.50
                flag: true
                octal: 0o17
                negative: -1
                dash: -x
                colonFirst: :x
                questionFirst: ?x
                spaced: value with  inner   spaces
                trailing: x \s\s
                """);
        assertEquals("12345", text(root, "apiKey"));
        assertEquals("0x1F", text(root, "hex"));
        assertEquals("1.50", text(root, "price"));
        assertEquals("true", text(root, "flag"));
        assertEquals("0o17", text(root, "octal"));
        assertEquals("-1", text(root, "negative"));
        assertEquals("-x", text(root, "dash"));
        assertEquals(":x", text(root, "colonFirst"));
        assertEquals("?x", text(root, "questionFirst"));
        assertEquals("value with  inner   spaces", text(root, "spaced"));
        assertEquals("x", text(root, "trailing"));
        for (YamlMapping.Entry entry : mapping(root).entries()) {
            assertEquals(Style.PLAIN, ((YamlScalar) entry.value()).style());
            assertFalse(((YamlScalar) entry.value()).isNull(), entry.key().value());
        }
    }

    @Test
    void isNullOnlyForPlainNullForms() {
        YamlNode root = parse("""
                - ~
                - null
                - Null
                - NULL
                -
                - nULL
                - "null"
                - ''
                - '~'
                - none
                """);
        List<YamlNode> items = sequence(root).items();
        for (int i = 0; i < items.size(); i++) {
            assertEquals(i < 5, ((YamlScalar) items.get(i)).isNull(), "item " + i);
        }
        assertEquals("~", text(root, 0));
        assertEquals("null", text(root, 1));
    }

    @Test
    void emptyValuesAreNullScalarsJustAfterTheIndicator() {
        YamlNode root = parse("a:\nbb:   # comment\nc:\n\nd: 1\ne:\n");
        YamlScalar a = scalar(root, "a");
        assertTrue(a.isNull());
        assertEquals("", a.value());
        assertPosition(1, 3, a);
        assertPosition(2, 4, at(root, "bb"));
        assertTrue(scalar(root, "c").isNull());
        assertEquals("1", text(root, "d"));
        assertTrue(scalar(root, "e").isNull());

        YamlNode items = parse("- \n-\n- # comment\n");
        assertEquals(3, sequence(items).items().size());
        assertTrue(scalar(items, 0).isNull());
        assertPosition(1, 2, at(items, 0));
        assertPosition(2, 2, at(items, 1));
        assertPosition(3, 2, at(items, 2));
    }

    @Test
    void plainScalarsMayContainColonsAndHashes() {
        YamlNode root = parse("""
                url: https://a.b:8080/v1 # the comment
                color: a#b
                ratio: 1:2
                list: a, b
                time: 12:30:00
                """);
        assertEquals("https://a.b:8080/v1", text(root, "url"));
        assertEquals("a#b", text(root, "color"));
        assertEquals("1:2", text(root, "ratio"));
        assertEquals("a, b", text(root, "list"));
        assertEquals("12:30:00", text(root, "time"));
    }

    @Test
    void singleQuotedScalars() {
        YamlNode root = parse("""
                a: 'it''s'
                b: ''
                c: 'back\\slash \\n stays'
                d: ' # not a comment: really '
                e: '"'  # comment after
                """);
        assertEquals("it's", text(root, "a"));
        assertEquals("", text(root, "b"));
        assertFalse(scalar(root, "b").isNull());
        assertEquals("back\\slash \\n stays", text(root, "c"));
        assertEquals(" # not a comment: really ", text(root, "d"));
        assertEquals("\"", text(root, "e"));
        assertEquals(Style.SINGLE_QUOTED, scalar(root, "a").style());
        assertPosition(1, 4, at(root, "a"));
    }

    @Test
    void doubleQuotedEscapes() {
        YamlScalar s = scalar(parse(
                "v: \"\\\\ \\\" \\/ \\n \\t \\r \\0 \\b \\f \\e \\a \\v \\x41 \\u00e9 \\U0001F600 \\ !\""), "v");
        assertEquals("\\ \" / \n \t \r \0 \b \f \u001B \u0007 \u000B A \u00e9 \uD83D\uDE00  !",
                s.value());
        assertEquals(Style.DOUBLE_QUOTED, s.style());
        assertEquals("caf\u00e9", text(parse("v: \"caf\\u00E9\""), "v"));
        assertEquals("a # b: c, [d]", text(parse("v: \"a # b: c, [d]\" # comment"), "v"));
        assertEquals("tab\there", text(parse("v: \"tab\there\""), "v"));
        assertEquals("", text(parse("v: \"\""), "v"));
    }

    @Test
    void quotedKeys() {
        YamlNode root = parse("'a b': 1\n\"c:d\": 2\n\"\": 3\n'#x' : 4\n");
        List<YamlMapping.Entry> entries = mapping(root).entries();
        assertEquals(List.of("a b", "c:d", "", "#x"),
                entries.stream().map(e -> e.key().value()).toList());
        assertEquals(Style.SINGLE_QUOTED, entries.get(0).key().style());
        assertEquals(Style.DOUBLE_QUOTED, entries.get(1).key().style());
        assertEquals("2", text(root, "c:d"));
        assertEquals("4", text(root, "#x"));
        assertPosition(2, 1, entries.get(1).key());
    }

    @Test
    void flowCollections() {
        YamlNode root = parse("""
                a: [a, b]
                b: []
                c: {}
                d: { providerName: a, providerKeyName: k }
                e: [{a: 1}, {b: 2}]
                f: [a, b,]
                g: {a, b: , c: 3,}
                h: ["x, y", 'z]', "{}"]
                i: [[1, [2]], {k: [v]}]
                j: {url: https://x:80/p, "q":1}
                k: [ spaced value , other ]
                l: {a:1, b: c:d, -1: -x}
                m: [-, -1]
                """);
        assertEquals(List.of("a", "b"), texts(sequence(root, "a")));
        assertTrue(sequence(root, "b").items().isEmpty());
        assertTrue(mapping(root, "c").entries().isEmpty());
        assertEquals("k", text(root, "d", "providerKeyName"));
        assertEquals("2", text(root, "e", 1, "b"));
        assertEquals(List.of("a", "b"), texts(sequence(root, "f")));
        assertTrue(scalar(root, "g", "a").isNull());
        assertTrue(scalar(root, "g", "b").isNull());
        assertEquals("3", text(root, "g", "c"));
        assertEquals(List.of("x, y", "z]", "{}"), texts(sequence(root, "h")));
        assertEquals("2", text(root, "i", 0, 1, 0));
        assertEquals("v", text(root, "i", 1, "k", 0));
        assertEquals("https://x:80/p", text(root, "j", "url"));
        assertEquals("1", text(root, "j", "q"));
        assertEquals(List.of("spaced value", "other"), texts(sequence(root, "k")));
        // As in yaml.v3, ':' without a blank after it does not end a plain scalar.
        assertTrue(scalar(root, "l", "a:1").isNull());
        assertEquals("c:d", text(root, "l", "b"));
        assertEquals("-x", text(root, "l", "-1"));
        assertEquals(List.of("-", "-1"), texts(sequence(root, "m")));
    }

    @Test
    void flowCollectionPositions() {
        YamlNode root = parse("x: [1, {k: v}, {a}]");
        assertPosition(1, 4, at(root, "x"));
        assertPosition(1, 5, at(root, "x", 0));
        assertPosition(1, 8, at(root, "x", 1));
        assertPosition(1, 12, at(root, "x", 1, "k"));
        assertPosition(1, 18, at(root, "x", 2, "a")); // {a}: null just after the key
        YamlNode top = parse("[a, {b: }]");
        assertPosition(1, 1, top);
        assertPosition(1, 8, at(top, 1, "b")); // null just after the colon
    }

    @Test
    void sequenceAtTheSameIndentationAsItsKey() {
        YamlNode root = parse("""
                services:
                - type: codex
                  baseUrl: https://x
                - type: claude
                next: 1
                """);
        assertEquals(2, sequence(root, "services").items().size());
        assertPosition(2, 1, at(root, "services"));
        assertEquals("https://x", text(root, "services", 0, "baseUrl"));
        assertEquals("claude", text(root, "services", 1, "type"));
        assertEquals("1", text(root, "next"));

        YamlNode nested = parse("- a:\n  - x\n  b: 1\n");
        assertEquals("x", text(nested, 0, "a", 0));
        assertEquals("1", text(nested, 0, "b"));
    }

    @Test
    void nestedSequencesOnOneLine() {
        YamlNode root = parse("- - a\n  - b\n- - - c\n");
        assertEquals(List.of("a", "b"), texts(sequence(root, 0)));
        assertEquals("c", text(root, 1, 0, 0));
        assertPosition(1, 1, root);
        assertPosition(1, 3, at(root, 0));
        assertPosition(3, 5, at(root, 1, 0));
    }

    @Test
    void dashAloneFollowedByNestedBlock() {
        YamlNode root = parse("-\n  name: x\n  port: 1\n-\n  - y\n-\n");
        assertEquals("x", text(root, 0, "name"));
        assertEquals("1", text(root, 0, "port"));
        assertPosition(2, 3, at(root, 0));
        assertEquals("y", text(root, 1, 0));
        assertTrue(scalar(root, 2).isNull());
    }

    @Test
    void compactMappingAlignsWithItsFirstKey() {
        YamlNode root = parse("-   a: 1\n    b: 2\n- c: 3\n");
        assertEquals("2", text(root, 0, "b"));
        assertPosition(1, 5, at(root, 0));
        assertEquals("3", text(root, 1, "c"));
    }

    @Test
    void nestedBlocksAndScalarsOnFollowingLines() {
        YamlNode root = parse("a:\n  b:\n      c: 1\n  d: x\ne:\n  plain on its own line\nf: [1]\n");
        assertEquals("1", text(root, "a", "b", "c"));
        assertPosition(3, 7, at(root, "a", "b"));
        assertEquals("x", text(root, "a", "d"));
        assertEquals("plain on its own line", text(root, "e"));
        assertEquals("1", text(root, "f", 0));
    }

    @Test
    void commentsEverywhere() {
        YamlNode root = parse("""
                # head
                a: 1 # after a value
                # between entries
                b:   # after a key
                  # inside a block
                  c: 2
                    # indented oddly, still a comment
                  # end of block
                d:
                  - x # after an item
                # between items, unindented
                  - [y, z] # after a flow collection
                  - "q" # after a quoted scalar
                  - # after a dash
                    e: 3
                f: 'quoted'# right after the closing quote, as yaml.v3 allows
                g: [1]# right after the bracket
                h: a#b # only the second one is a comment
                # tail
                """);
        assertEquals("1", text(root, "a"));
        assertEquals("2", text(root, "b", "c"));
        assertEquals(List.of("x", "q"), List.of(text(root, "d", 0), text(root, "d", 2)));
        assertEquals("z", text(root, "d", 1, 1));
        assertEquals("3", text(root, "d", 3, "e"));
        assertEquals("quoted", text(root, "f"));
        assertEquals("1", text(root, "g", 0));
        assertEquals("a#b", text(root, "h"));
    }

    @Test
    void documentMarkers() {
        YamlNode root = parse("# comment\n---\na: 1\n...\n# after the end\n");
        assertEquals("1", text(root, "a"));
        assertPosition(3, 1, root);
        assertEquals("2", text(parse("--- # start\nb: 2\n"), "b"));
        assertEquals("---a", text(parse("k: ---a"), "k"));
    }

    @Test
    void windowsLineEndsAndLoneCarriageReturns() {
        YamlNode root = parse("a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\nc: d # c\r\n");
        assertEquals("1", text(root, "a"));
        assertEquals("y", text(root, "b", 1));
        assertEquals("d", text(root, "c"));
        assertPosition(4, 5, at(root, "b", 1));
        assertEquals("2", text(parse("a: 1\rb: 2"), "b"));
    }

    @Test
    void byteOrderMarkIsSkipped() {
        YamlNode root = parse("\uFEFFa: 1\r\n");
        assertEquals("1", text(root, "a"));
        assertPosition(1, 1, root);
    }

    @Test
    void tabsAreFineOutsideIndentation() {
        YamlNode root = parse("a:\tb\t# comment\nc: [x,\ty]\nd: in\tside\n\t# tabbed comment line\n");
        assertEquals("b", text(root, "a"));
        assertEquals("y", text(root, "c", 1));
        assertEquals("in\tside", text(root, "d"));
    }

    @Test
    void rootScalarsAndFlowCollections() {
        assertEquals("hello world", text(parse("hello world # comment")));
        assertEquals("q", text(parse("  'q'")));
        assertPosition(1, 3, parse("  'q'"));
        assertEquals("2", text(parse("[1, 2]"), 1));
    }

    @Test
    void nonAsciiTextAndColumns() {
        YamlNode root = parse("name: Zo\u00eb\n\uD83D\uDE00: [a, b]\n");
        assertEquals("Zo\u00eb", text(root, "name"));
        // The emoji is two Java chars but one column.
        assertPosition(2, 4, at(root, "\uD83D\uDE00"));
        assertPosition(2, 8, at(root, "\uD83D\uDE00", 1));
    }

    @Test
    void sixtyFourLevelsAreAllowed() {
        assertEquals("x", text(parse("[".repeat(64) + "x" + "]".repeat(64)),
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        StringBuilder mappings = new StringBuilder();
        for (int level = 0; level < 64; level++) {
            mappings.append(" ".repeat(level)).append(level < 63 ? "k:\n" : "k: v\n");
        }
        YamlNode node = parse(mappings.toString());
        for (int level = 0; level < 64; level++) {
            node = at(node, "k");
        }
        assertEquals("v", text(node));
    }

    @Test
    void mappingGetAndUnmodifiableLists() {
        YamlMapping root = mapping(parse("a: 1\nb: [x]\n"));
        assertEquals("1", text(root.get("a")));
        assertNull(root.get("missing"));
        assertThrows(UnsupportedOperationException.class, () -> root.entries().clear());
        YamlSequence b = sequence(root, "b");
        assertThrows(UnsupportedOperationException.class, () -> b.items().add(b));
        assertEquals("1:2", new Position(1, 2).toString());
    }

    private static List<String> texts(YamlSequence sequence) {
        return sequence.items().stream().map(n -> ((YamlScalar) n).value()).toList();
    }
}
