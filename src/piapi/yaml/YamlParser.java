package piapi.yaml;

import java.util.List;
import java.util.Objects;

/**
 * Parses the documented YAML subset below into positioned {@link YamlNode}s. It knows nothing of
 * any schema: scalars stay text, and the caller interprets them. Config files written for
 * yaml.v3 (the parser the existing configs were written for) parse to the same tree; what the subset leaves out is
 * rejected with a clear message and the exact position instead of being guessed at. The input
 * size is not limited here: the caller caps it before reading the text.
 *
 * <p><b>Positions</b> are 1-based line and column (columns count code points): a scalar is at
 * its first character (the opening quote for a quoted one), a block mapping at its first key, a
 * block sequence at its first {@code -}, a flow collection at its {@code [} or <code>{</code>,
 * and an empty value just after its {@code :} or {@code -}.
 *
 * <p><b>Supported</b>
 * <ul>
 * <li>Block mappings ({@code key: value}, the value on the same line or as a nested block on the
 *     following, more indented lines) and block sequences ({@code - item}), nested up to 64
 *     levels.</li>
 * <li>{@code - name: x} followed by more keys of that mapping aligned with {@code name};
 *     {@code -} alone on a line followed by a nested block; nested sequences {@code - - a}.</li>
 * <li>A sequence at the same indentation as its parent key ({@code services:}, then
 *     {@code - type: codex} on the next line, not indented), as yaml.v3 accepts.</li>
 * <li>Keys: plain, single-quoted or double-quoted scalars on one line. Keys compare by their
 *     text ({@code a} and {@code "a"} are the same key).</li>
 * <li>Plain scalars, kept as their source text: {@code 12345}, {@code 0x1F}, {@code 1.50},
 *     {@code true} stay as written. A plain scalar ends at {@code ": "}, at a {@code " #"}
 *     comment or at the end of the line, trailing blanks dropped; it may contain {@code :} not
 *     followed by a blank (URLs such as {@code https://a.b:8080/v1}) and {@code #} not preceded
 *     by a blank ({@code a#b}).</li>
 * <li>Single-quoted scalars ({@code ''} is a quote) and double-quoted scalars with the escapes
 *     <code>\\ \" \/ \n \t \r \0 \b \f \e \a \v \xHH &#92;uHHHH \UHHHHHHHH</code> and
 *     <code>\</code> followed by a space, each on one line.</li>
 * <li>Null: an empty value ({@code key:} with nothing more indented below it, or {@code -} alone)
 *     is an empty plain scalar; {@link YamlScalar#isNull()} is true for it and for plain
 *     {@code ~}, {@code null}, {@code Null}, {@code NULL}.</li>
 * <li>Comments: {@code #} at the start of a line or after a blank, wherever a comment may stand,
 *     and (as in yaml.v3) right after a closing quote or bracket.</li>
 * <li>Flow collections on one line, nested: {@code [a, b]}, {@code []}, {@code {}},
 *     {@code { providerName: a, providerKeyName: k }}, {@code [{a: 1}, {b: 2}]}, holding plain
 *     or quoted scalars; a plain scalar inside one also ends at {@code ,} {@code [} {@code ]}
 *     <code>{</code> <code>}</code>. A trailing comma ({@code [a, b,]}) is allowed, and
 *     {@code {a}} maps {@code a} to null.</li>
 * <li>One optional {@code ---} before the content and one optional {@code ...} after it.</li>
 * <li>Windows line ends ({@code \r\n}) and a leading UTF-8 byte order mark.</li>
 * <li>An empty document (only blank lines and comments) is a null scalar at 1:1.</li>
 * </ul>
 *
 * <p><b>Rejected</b>, each with its own message and the position of the offending character:
 * <ul>
 * <li>a tab in indentation;</li>
 * <li>anchors {@code &x}, aliases {@code *x} and tags {@code !x}, {@code !!str};</li>
 * <li>block scalars {@code |} and {@code >} (use a double-quoted string with {@code \n});</li>
 * <li>complex keys ({@code ? }), and flow collections as keys;</li>
 * <li>a second document ({@code ---} after content, or content after {@code ...}), content on
 *     the {@code ---} or {@code ...} line itself, and {@code %} directives;</li>
 * <li>duplicate keys in one mapping, block or flow;</li>
 * <li>anything spanning lines: a flow collection or a quoted scalar not closed on its line, and
 *     a plain scalar continued on the next line;</li>
 * <li>a more indented line that belongs to nothing ("unexpected indentation"), and a line
 *     indented less than its siblings but more than their parent ("inconsistent
 *     indentation");</li>
 * <li>a key without {@code :} (e.g. {@code key:value}, which is one scalar), text after a
 *     closing quote ({@code 'a' b}), a value followed by another {@code :} ({@code a: b: c}),
 *     a sequence item among mapping entries and vice versa, and a block sequence on its key's
 *     line ({@code a: - b});</li>
 * <li>an invalid escape in a double-quoted scalar, named in the message;</li>
 * <li>nesting deeper than 64 levels;</li>
 * <li>a plain scalar starting with a reserved indicator: {@code @}, backtick, {@code %},
 *     {@code ,}, {@code ]}, <code>}</code> anywhere, and {@code :} or {@code ?} inside a flow
 *     collection (quote the value);</li>
 * <li>inside a flow collection: a {@code ?} within a plain scalar (yaml.v3 releases disagree on
 *     its meaning; quote the value), {@code key: value} directly in {@code [ ]} (write
 *     {@code [{key: value}]}), and a missing or doubled {@code ,};</li>
 * <li>control characters other than tab, anywhere in the text.</li>
 * </ul>
 */
public final class YamlParser {
    /** How many collections may nest inside each other, counting the outermost. */
    static final int MAX_DEPTH = 64;

    private YamlParser() {
    }

    /**
     * Parses one document. An empty document (nothing but blanks/comments) is a null
     * {@link YamlScalar} at 1:1.
     *
     * @throws YamlException on a syntax error or an unsupported construct
     */
    public static YamlNode parse(String text) throws YamlException {
        List<Line> lines = SourceLines.split(Objects.requireNonNull(text, "text"));
        if (lines.isEmpty()) {
            return ScalarReader.emptyValue(new Position(1, 1));
        }
        return new BlockParser(new Cursor(lines)).readDocument();
    }

    /** Fails when a collection at {@code depth} (the root being 1) is nested too deeply. */
    static void checkDepth(int depth, Position position) throws YamlException {
        if (depth > MAX_DEPTH) {
            throw new YamlException("nesting deeper than " + MAX_DEPTH + " levels", position);
        }
    }
}
