package piapi.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * One quoting rule serves the YAML emitter and the setup snippets' TOML and Python strings: it must read
 * back as the same text in YAML, and use only the escapes TOML basic strings and Python literals share.
 */
class DoubleQuotedTest {
    /** Every C0 and C1 control, DEL, the line and paragraph separators, a BOM, quotes, a backslash and an emoji. */
    private static String awkward() {
        StringBuilder s = new StringBuilder();
        for (char c = 0; c <= 0xA0; c++) s.append(c);
        return s.append("\u2028\u2029\uFEFF'\"\\ caf\u00e9 \uD83D\uDE00").toString();
    }

    @Test
    void readsBackAsTheSameTextInYaml() throws YamlException {
        String text = awkward();
        YamlMapping back = (YamlMapping) YamlParser.parse("v: " + DoubleQuoted.of(text) + "\n");
        assertEquals(text, ((YamlScalar) back.get("v")).value());
    }

    @Test
    void usesOnlyTheEscapesTomlAndPythonShareAndNoRawControls() {
        String quoted = DoubleQuoted.of(awkward());
        String inner = quoted.substring(1, quoted.length() - 1);
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\') {
                char next = inner.charAt(++i);
                if (next == 'u') {
                    assertTrue(inner.substring(i + 1, i + 5).matches("[0-9A-F]{4}"), inner.substring(i - 1, i + 5));
                    i += 4;
                } else {
                    assertTrue("\"\\ntr".indexOf(next) >= 0, "escape \\" + next);
                }
            } else {
                assertTrue(c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && c != '\u2028' && c != '\u2029' && c != '\uFEFF',
                        "raw U+" + Integer.toHexString(c));
                assertTrue(c != '"', "an unescaped quote at " + i);
            }
        }
        assertEquals("\"a\\u0000b\\u0085c\\\"\\\\\"", DoubleQuoted.of("a\u0000b\u0085c\"\\"));
    }

    @Test
    void refusesAnUnpairedSurrogate() {
        assertThrows(IllegalArgumentException.class, () -> DoubleQuoted.of("half \uD800 surrogate"));
        assertThrows(IllegalArgumentException.class, () -> DoubleQuoted.of("\uDE00 low first"));
    }
}
