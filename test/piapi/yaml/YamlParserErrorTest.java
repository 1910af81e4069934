package piapi.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Every rejected form, one line each: the problem text and the position it is reported at. */
class YamlParserErrorTest {

    @Test
    void tabInIndentation() {
        assertError("tab character in indentation; use spaces", 2, 1, "a:\n\tb: 1");
        assertError("tab character in indentation; use spaces", 2, 3, "a:\n  \tb: 1");
        assertError("tab character in indentation; use spaces", 2, 1, "- a\n\t- b");
    }

    @Test
    void anchorsAndAliases() {
        assertError("anchors and aliases are not supported", 1, 4, "a: &x 1");
        assertError("anchors and aliases are not supported", 1, 4, "a: *x");
        assertError("anchors and aliases are not supported", 1, 1, "&a k: v");
        assertError("anchors and aliases are not supported", 1, 3, "- &anchor\n  b: 1");
        assertError("anchors and aliases are not supported", 1, 2, "[*x]");
    }

    @Test
    void tags() {
        assertError("tags are not supported", 1, 4, "a: !x 1");
        assertError("tags are not supported", 1, 4, "a: !!str 1");
        assertError("tags are not supported", 1, 5, "{a: !!int 1}");
        assertError("tags are not supported", 2, 3, "- a\n- !b c");
    }

    @Test
    void multipleDocuments() {
        assertError("multiple documents are not supported", 2, 1, "a: 1\n---\nb: 2");
        assertError("multiple documents are not supported", 2, 1, "---\n---\n");
        assertError("multiple documents are not supported", 3, 1, "---\na: 1\n---");
        assertError("multiple documents are not supported", 3, 1, "a: 1\n...\nb: 2");
        assertError("content on the '---' line is not supported; put it on the next line",
                1, 5, "--- a: 1");
        assertError("content on the '...' line is not supported; put it on the next line",
                2, 5, "a: 1\n... x");
    }

    @Test
    void directives() {
        assertError("directives are not supported", 1, 1, "%YAML 1.2\n---\na: 1");
        assertError("directives are not supported", 2, 1, "# header\n%TAG ! tag:x,2000:\n");
    }

    @Test
    void blockScalars() {
        String problem = "block scalars (| and >) are not supported; use a quoted string with \\n";
        assertError(problem, 1, 4, "a: |\n  text");
        assertError(problem, 1, 4, "a: >-\n  text");
        assertError(problem, 2, 3, "- a\n- |");
    }

    @Test
    void complexKeys() {
        assertError("complex keys (?) are not supported", 1, 1, "? a\n: b");
        assertError("complex keys (?) are not supported", 2, 3, "a:\n  ? b");
        assertError("complex keys (?) are not supported", 1, 2, "{? a: 1}");
        assertError("flow collections cannot be mapping keys", 1, 2, "{[a]: 1}");
        assertError("flow collections cannot be mapping keys", 1, 4, "[a]: 1");
        assertError("flow collections cannot be mapping keys", 2, 1, "a: 1\n{b: 1}: 2");
        assertError("missing key before ':'", 1, 1, ": x");
        assertError("missing key before ':'", 1, 2, "{: x}");
    }

    @Test
    void duplicateKeys() {
        assertError("duplicate key 'a' (first defined at 1:1)", 3, 1, "a: 1\nb: 2\na: 3");
        assertError("duplicate key 'k' (first defined at 2:5)", 3, 5, "x:\n    k: 1\n    k: 2");
        assertError("duplicate key 'a' (first defined at 1:1)", 2, 1, "a: 1\n'a': 2");
        assertError("duplicate key 'k' (first defined at 1:3)", 2, 3, "- k: 1\n  k: 2");
        assertError("duplicate key 'a' (first defined at 1:2)", 1, 14, "{a: 1, b: 2, a: 3}");
        assertError("duplicate key 'a' (first defined at 1:6)", 1, 9, "x: [{a, a}]");
    }

    @Test
    void unclosedFlowCollections() {
        String problem = "flow collection must be closed on the same line";
        assertError(problem, 1, 4, "a: [1, 2");
        assertError(problem, 1, 4, "a: {b: 1");
        assertError(problem, 1, 4, "a: [1, {b: 2}");
        assertError(problem, 1, 4, "a: [1, # comment ]");
        assertError(problem, 1, 1, "[a,\n b]");
        assertError(problem, 1, 3, "- {a:");
        assertError(problem, 1, 1, "[a,#b]"); // as in yaml.v3, the '#' starts a comment
    }

    @Test
    void unexpectedIndentation() {
        assertError("unexpected indentation", 2, 3, "a: b\n  c");
        assertError("unexpected indentation", 2, 3, "a: 1\n  b: 2");
        assertError("unexpected indentation", 2, 3, "- a\n  b");
        assertError("unexpected indentation", 2, 4, "key: 'v'\n   more");
        assertError("unexpected indentation", 3, 5, "a:\n  b: 1\n    c: 2");
        assertError("unexpected indentation", 2, 5, "- name: x\n    b: 1");
        assertError("unexpected indentation", 2, 3, "hello\n  world");
        assertError("unexpected indentation", 3, 3, "a:\n- x\n  - y");
    }

    @Test
    void inconsistentIndentation() {
        assertError("inconsistent indentation", 3, 3, "a:\n    b: 1\n  c: 2");
        assertError("inconsistent indentation", 3, 3, "a:\n    - x\n  - y");
        assertError("inconsistent indentation", 2, 2, "- name: x\n baseUrl: y");
        assertError("inconsistent indentation", 4, 2, "a:\n  b:\n  - x\n c: 1");
        assertError("inconsistent indentation", 2, 1, "  a: 1\nb: 2");
    }

    @Test
    void missingColonAfterKey() {
        assertError("expected ':' after a mapping key", 2, 2, "a: 1\nb");
        assertError("expected ':' after a mapping key", 2, 4, "a: 1\nb c # no colon");
        assertError("expected ':' after a mapping key", 2, 5, "a: 1\n'k' v: 2");
        assertError("expected ':' after a mapping key", 1, 6, "{'a' b}");
        assertError("expected ': ' after mapping key 'tags'; put a space after ':'", 1, 7,
                "{tags:[a]}");
        assertError("expected ': ' after mapping key 'k'; put a space after ':'", 2, 4,
                "a: 1\nk:v");
        // a value written without its space is never echoed: it may be a key
        assertError("expected ': ' after mapping key 'apiKey'; put a space after ':'", 2, 26,
                "a: 1\napiKey:sk-live-0123456789");
    }

    @Test
    void textAfterClosingQuote() {
        String problem = "unexpected text after the closing quote; quote the whole value";
        assertError(problem, 1, 8, "a: 'x' y");
        assertError(problem, 1, 7, "a: \"x\"y");
        assertError(problem, 1, 7, "- 'a' b");
        assertError(problem, 1, 5, "'a' b");
        assertError("expected ',' or ']' in flow sequence", 1, 6, "['x' y]");
        assertError("expected ',' or '}' in flow mapping", 1, 9, "{a: 'x' b}");
        assertError("expected ',' or '}' in flow mapping", 1, 13, "a: [1, {b: 2]");
        assertError("unexpected text after the flow collection", 1, 8, "a: [a] x");
        assertError("unexpected text after the flow collection", 1, 5, "[a] x");
    }

    @Test
    void unterminatedQuotedScalars() {
        String single = "unterminated single-quoted scalar; close the quote on the same line";
        String dbl = "unterminated double-quoted scalar; close the quote on the same line";
        assertError(single, 1, 4, "a: 'abc");
        assertError(single, 1, 4, "a: 'it''s");
        assertError(single, 1, 4, "a: 'multi\n  line'");
        assertError(dbl, 1, 4, "a: \"abc");
        assertError(dbl, 1, 4, "a: \"abc\\");
        assertError(dbl, 1, 4, "a: \"a\\\"");
        assertError(dbl, 1, 2, "[\"a]");
    }

    @Test
    void invalidEscapes() {
        assertError("invalid escape '\\q' in double-quoted scalar", 1, 5, "a: \"\\q\"");
        assertError("invalid escape '\\N' in double-quoted scalar", 1, 6, "a: \"x\\N\"");
        assertError("invalid escape '\\x': expected 2 hex digits", 1, 5, "a: \"\\xZZ\"");
        assertError("invalid escape '\\u12': expected 4 hex digits", 1, 5, "a: \"\\u12\"");
        assertError("invalid escape '\\UFFFFFFFF': not a Unicode character", 1, 5,
                "a: \"\\UFFFFFFFF\"");
        assertError("invalid escape '\\uD800': not a Unicode character", 1, 5, "a: \"\\uD800\"");
    }

    @Test
    void sequenceItemsAndMappingEntriesMixed() {
        assertError("expected a mapping key, found a sequence item '-'", 2, 1, "a: 1\n- b");
        assertError("expected a mapping key, found a sequence item '-'", 3, 3,
                "x:\n  a: 1\n  - b");
        assertError("expected a sequence item '- ' at this indentation", 2, 1, "- a\nb: 1");
        assertError("expected a sequence item '- ' at this indentation", 3, 3,
                "x:\n  - a\n  b: 1");
        assertError("a block sequence cannot start on its key's line; put '- ' on the next line",
                1, 4, "a: - b");
        assertError("a sequence item '- ' is not allowed here", 1, 2, "[- a]");
    }

    @Test
    void mappingValueAfterValue() {
        assertError("mapping values are not allowed here", 1, 5, "a: b: c");
        assertError("mapping values are not allowed here", 1, 7, "- a: b: c");
        assertError("mapping values are not allowed here", 1, 7, "a: 'b': c");
        assertError("mapping values are not allowed here", 1, 7, "a: [x]: y");
        assertError("mapping values are not allowed here", 1, 6, "{a: b: c}");
        assertError("'key: value' inside [ ] is not supported; write [{key: value}]", 1, 3,
                "[a: 1]");
    }

    @Test
    void misplacedFlowIndicators() {
        assertError("unexpected ','; expected a value", 1, 4, "[a,,b]");
        assertError("unexpected ','; expected a value", 1, 2, "[,]");
        assertError("unexpected ','; expected a key", 1, 2, "{,}");
        assertError("unexpected ']'; expected a value", 1, 5, "{a: ]}");
    }

    @Test
    void nestingTooDeep() {
        String problem = "nesting deeper than 64 levels";
        assertError(problem, 1, 65, "[".repeat(65) + "]".repeat(65));
        assertError(problem, 1, 129, "- ".repeat(65) + "a");
        StringBuilder mappings = new StringBuilder();
        for (int level = 0; level < 65; level++) {
            mappings.append(" ".repeat(level)).append(level < 64 ? "k:\n" : "k: v\n");
        }
        assertError(problem, 65, 65, mappings.toString());
        // 1 mapping + 31 block sequences + 33 flow sequences: the 33rd '[' is level 65.
        assertError(problem, 2, 95, "a:\n" + "- ".repeat(31) + "[".repeat(33) + "]".repeat(33));
    }

    @Test
    void reservedIndicatorsStartingPlainScalars() {
        assertError("'@' cannot start a plain scalar; quote the value", 1, 4, "a: @x");
        assertError("'`' cannot start a plain scalar; quote the value", 1, 4, "a: `x`");
        assertError("'@' cannot start a plain scalar; quote the value", 1, 2, "[@a]");
        assertError("'%' cannot start a plain scalar; quote the value", 1, 4, "a: %x");
        assertError("',' cannot start a plain scalar; quote the value", 1, 4, "a: ,x");
        assertError("']' cannot start a plain scalar; quote the value", 1, 4, "a: ]");
        assertError("'|' cannot start a plain scalar; quote the value", 1, 2, "[|a]");
        assertError("':' cannot start a plain scalar in a flow collection; quote the value", 1, 5,
                "{a: :x}");
        assertError("complex keys (?) are not supported", 1, 2, "[?x]");
        assertError("'?' in a flow collection is ambiguous; quote the value", 1, 9,
                "{q: what?}");
    }

    @Test
    void controlCharacters() {
        assertError("control character U+0007 is not allowed; use an escape in a double-quoted"
                + " string", 1, 5, "a: b\u0007");
        assertError("control character U+0000 is not allowed; use an escape in a double-quoted"
                + " string", 2, 3, "a: 1\n# \u0000");
    }

    @Test
    void leftoverAfterRootValue() {
        assertError("unexpected content after the root value", 2, 1, "a\nb");
        assertError("unexpected content after the root value", 2, 1, "[a]\n- b");
    }

    @Test
    void messageCombinesProblemAndPosition() {
        YamlException e = assertThrows(YamlException.class, () -> YamlParser.parse("a: b: c"));
        assertEquals("mapping values are not allowed here at 1:5", e.getMessage());
        assertEquals("mapping values are not allowed here", e.problem());
        assertEquals(new Position(1, 5), e.position());
    }

    @Test
    void positionsCountCodePointsNotChars() {
        // The emoji is two Java chars but one column.
        assertError("anchors and aliases are not supported", 1, 11, "\uD83D\uDE00: [a, b, &c]");
    }

    private static void assertError(String problem, int line, int column, String yaml) {
        YamlException e = assertThrows(YamlException.class, () -> YamlParser.parse(yaml),
                () -> "no error for: " + yaml);
        assertEquals(problem + " at " + line + ":" + column, e.getMessage(), () -> "for: " + yaml);
    }
}
