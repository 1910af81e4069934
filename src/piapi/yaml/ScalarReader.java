package piapi.yaml;

import piapi.yaml.YamlScalar.Style;

/**
 * Reads one scalar at the cursor: plain, single-quoted or double-quoted, always within one line.
 *
 * <p>The same code serves block and flow context. A plain scalar ends at ": " or " #" or the end
 * of the line; a ':' followed by anything else is part of it, so URLs such as
 * {@code https://a.b:8080/v1} stay one scalar. In flow context it also ends at {@code , [ ] { }}.
 * These are yaml.v3's rules, so both parsers see the same scalars; where yaml.v3 releases
 * disagree (a '?' inside a flow collection) the scalar must be quoted.
 */
final class ScalarReader {
    private final Cursor in;

    ScalarReader(Cursor in) {
        this.in = in;
    }

    /** The null value of an entry or item that has nothing after its indicator. */
    static YamlScalar emptyValue(Position position) {
        return new YamlScalar("", Style.PLAIN, position);
    }

    /** Reads the scalar at the cursor and leaves the cursor just after it. */
    YamlScalar readScalar(boolean flow) throws YamlException {
        return switch (in.peek()) {
            case '\'' -> readSingleQuoted();
            case '"' -> readDoubleQuoted();
            default -> readPlain(flow);
        };
    }

    private YamlScalar readPlain(boolean flow) throws YamlException {
        checkPlainStart(flow);
        String text = in.text();
        int start = in.col();
        int end = start; // just after the last non-blank character: trailing blanks are dropped
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' && (i + 1 == text.length() || Cursor.isBlank(text.charAt(i + 1)))
                    || c == '#' && i > start && Cursor.isBlank(text.charAt(i - 1))
                    || flow && isFlowIndicator(c)) {
                break;
            }
            if (flow && c == '?') {
                // yaml.v3 releases disagree on whether '?' ends a scalar in a flow collection.
                throw in.error("'?' in a flow collection is ambiguous; quote the value", i);
            }
            if (!Cursor.isBlank(c)) {
                end = i + 1;
            }
        }
        if (end == start) {
            throw in.error("unexpected '" + (char) in.peek() + "'"); // defensive: see checkPlainStart
        }
        Position position = in.position();
        in.moveTo(end);
        return new YamlScalar(text.substring(start, end), Style.PLAIN, position);
    }

    private static boolean isFlowIndicator(int c) {
        return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
    }

    /**
     * Rejects the indicators that cannot start a plain scalar, naming the unsupported feature.
     * '-', '?' and ':' may start one when a non-blank follows, except that in a flow collection
     * yaml.v3 reads '?' and ':' as indicators whatever follows them.
     */
    private void checkPlainStart(boolean flow) throws YamlException {
        int c = in.peek();
        switch (c) {
            case '&', '*' -> throw in.error("anchors and aliases are not supported");
            case '!' -> throw in.error("tags are not supported");
            case '|', '>' -> throw flow ? reserved(c) : in.error(
                    "block scalars (| and >) are not supported; use a quoted string with \\n");
            case '?' -> {
                if (flow || in.blankOrEnd(1)) {
                    throw in.error("complex keys (?) are not supported");
                }
            }
            case ':' -> {
                if (in.blankOrEnd(1) || flow && isFlowIndicator(in.peek(1))) {
                    throw in.error("missing key before ':'");
                }
                if (flow) {
                    throw in.error(
                            "':' cannot start a plain scalar in a flow collection; quote the value");
                }
            }
            case '-' -> {
                if (in.blankOrEnd(1)) { // while "[-, x]" holds the scalar "-", as in yaml.v3
                    throw in.error("a sequence item '- ' is not allowed here");
                }
            }
            case '@', '`', '%', '#', ',', '[', ']', '{', '}' -> throw reserved(c);
            default -> {
            }
        }
    }

    private YamlException reserved(int c) {
        return in.error("'" + (char) c + "' cannot start a plain scalar; quote the value");
    }

    private YamlScalar readSingleQuoted() throws YamlException {
        String text = in.text();
        int open = in.col();
        StringBuilder value = new StringBuilder();
        int i = open + 1;
        while (true) {
            if (i >= text.length()) {
                throw in.error("unterminated single-quoted scalar; close the quote on the same line",
                        open);
            }
            char c = text.charAt(i++);
            if (c != '\'') {
                value.append(c);
            } else if (i < text.length() && text.charAt(i) == '\'') {
                value.append('\''); // '' is the only escape in single quotes
                i++;
            } else {
                break;
            }
        }
        Position position = in.position();
        in.moveTo(i);
        return new YamlScalar(value.toString(), Style.SINGLE_QUOTED, position);
    }

    private YamlScalar readDoubleQuoted() throws YamlException {
        String text = in.text();
        int open = in.col();
        StringBuilder value = new StringBuilder();
        int i = open + 1;
        while (true) {
            // A backslash at the end of the line would continue the string on the next line
            // in YAML; multi-line strings are not supported, so that is unterminated too.
            if (i >= text.length() || text.charAt(i) == '\\' && i + 1 >= text.length()) {
                throw in.error("unterminated double-quoted scalar; close the quote on the same line",
                        open);
            }
            char c = text.charAt(i);
            if (c == '"') {
                i++;
                break;
            }
            if (c == '\\') {
                i = readEscape(text, i, value);
            } else {
                value.append(c);
                i++;
            }
        }
        Position position = in.position();
        in.moveTo(i);
        return new YamlScalar(value.toString(), Style.DOUBLE_QUOTED, position);
    }

    /** Decodes the escape whose backslash is at {@code at}; returns the index after it. */
    private int readEscape(String text, int at, StringBuilder value) throws YamlException {
        char e = text.charAt(at + 1);
        int simple = simpleEscape(e);
        if (simple >= 0) {
            value.append((char) simple);
            return at + 2;
        }
        int digits = switch (e) {
            case 'x' -> 2;
            case 'u' -> 4;
            case 'U' -> 8;
            default -> throw in.error("invalid escape '\\"
                    + Character.toString(text.codePointAt(at + 1)) + "' in double-quoted scalar", at);
        };
        int end = at + 2;
        while (end < at + 2 + digits && end < text.length() && isHex(text.charAt(end))) {
            end++;
        }
        String hex = text.substring(at + 2, end);
        if (hex.length() < digits) {
            throw in.error("invalid escape '\\" + e + hex + "': expected " + digits
                    + " hex digits", at);
        }
        long code = Long.parseLong(hex, 16);
        if (code > Character.MAX_CODE_POINT
                || code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE) {
            throw in.error("invalid escape '\\" + e + hex + "': not a Unicode character", at);
        }
        value.appendCodePoint((int) code);
        return end;
    }

    /** The character a one-letter escape stands for, or -1 when {@code e} is not one. */
    private static int simpleEscape(char e) {
        return switch (e) {
            case '0' -> 0;
            case 'a' -> 0x07;
            case 'b' -> '\b';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'v' -> 0x0B;
            case 'f' -> '\f';
            case 'r' -> '\r';
            case 'e' -> 0x1B;
            case ' ', '"', '/', '\\' -> e;
            default -> -1;
        };
    }

    // Character.digit would also accept non-ASCII digits, which YAML does not.
    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
