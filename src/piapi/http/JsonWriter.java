package piapi.http;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * A streaming JSON writer that appends compact JSON to a {@link StringBuilder}.
 *
 * <p>Commas and colons are inserted automatically; misuse (a value where an object expects a
 * name, a name outside an object, unbalanced {@code end*} calls, a second top-level value) throws
 * {@link IllegalStateException} instead of producing broken JSON. Strings are escaped so that the
 * output can be embedded in HTML and {@code <script>} (no {@code <}, {@code >} or {@code &} appear raw) and is
 * always well-formed UTF-16, hence encodable as valid UTF-8.
 *
 * <pre>{@code
 * String line = new JsonWriter().beginObject().field("status", 200).field("path", p).endObject().toString();
 * }</pre>
 *
 * <p>Not thread-safe; use one instance per document.
 */
public final class JsonWriter {
    // What the innermost open container (or the document, at depth 0) has seen so far.
    private static final byte EMPTY_DOCUMENT = 0;
    private static final byte NONEMPTY_DOCUMENT = 1;
    private static final byte EMPTY_ARRAY = 2;
    private static final byte NONEMPTY_ARRAY = 3;
    private static final byte EMPTY_OBJECT = 4;
    private static final byte NONEMPTY_OBJECT = 5;
    private static final byte DANGLING_NAME = 6;

    /**
     * Replacement for each ASCII char, or null when it is written as-is. Private and never written
     * after class initialisation, so it is constant shared state.
     */
    private static final String[] ASCII_ESCAPES = new String[128];
    private static final String HEX = "0123456789abcdef";

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII_ESCAPES[c] = unicodeEscape((char) c);
        }
        ASCII_ESCAPES['"'] = "\\\"";
        ASCII_ESCAPES['\\'] = "\\\\";
        ASCII_ESCAPES['\n'] = "\\n";
        ASCII_ESCAPES['\r'] = "\\r";
        ASCII_ESCAPES['\t'] = "\\t";
        ASCII_ESCAPES['\b'] = "\\b";
        ASCII_ESCAPES['\f'] = "\\f";
        // An HTML parser must never see "</script>" or "<!--" inside an embedded JSON string.
        ASCII_ESCAPES['<'] = "\\u003c";
        ASCII_ESCAPES['>'] = "\\u003e";
        ASCII_ESCAPES['&'] = "\\u0026";
    }

    private final StringBuilder out;
    private byte[] stack = new byte[32];
    private int depth;

    /** Creates a writer with its own buffer. */
    public JsonWriter() {
        this(new StringBuilder(256));
    }

    /** Creates a writer that appends to {@code out}, after whatever it already holds. */
    public JsonWriter(StringBuilder out) {
        this.out = Objects.requireNonNull(out, "out");
        stack[0] = EMPTY_DOCUMENT;
    }

    /** Starts an object; returns this writer. */
    public JsonWriter beginObject() {
        return open(EMPTY_OBJECT, '{');
    }

    /** Ends the innermost object; returns this writer. */
    public JsonWriter endObject() {
        if (stack[depth] == DANGLING_NAME) {
            throw new IllegalStateException("endObject() after name() without a value");
        }
        return close(EMPTY_OBJECT, NONEMPTY_OBJECT, '}', "endObject() without a matching beginObject()");
    }

    /** Starts an array; returns this writer. */
    public JsonWriter beginArray() {
        return open(EMPTY_ARRAY, '[');
    }

    /** Ends the innermost array; returns this writer. */
    public JsonWriter endArray() {
        return close(EMPTY_ARRAY, NONEMPTY_ARRAY, ']', "endArray() without a matching beginArray()");
    }

    /** Writes a member name (not null) inside an object; the next call must write its value. */
    public JsonWriter name(String name) {
        Objects.requireNonNull(name, "name");
        switch (stack[depth]) {
            case NONEMPTY_OBJECT -> out.append(',');
            case EMPTY_OBJECT -> { }
            case DANGLING_NAME -> throw new IllegalStateException("name(\"" + name + "\") where a value is expected");
            default -> throw new IllegalStateException("name(\"" + name + "\") outside an object");
        }
        stack[depth] = DANGLING_NAME;
        quote(out, name);
        out.append(':');
        return this;
    }

    /** Writes a string, or {@code null} when {@code s} is null; returns this writer. */
    public JsonWriter value(String s) {
        quote(beforeValue(), s);
        return this;
    }

    /** Writes an integer; returns this writer. */
    public JsonWriter value(long n) {
        beforeValue().append(n);
        return this;
    }

    /**
     * Writes a number: {@code null} for NaN and infinities (JSON has no such numbers), integral
     * values without a fraction ({@code 1.0} as {@code 1}), others in their shortest round-trip
     * form, with an exponent only below 1e-6 or from 1e21 up (as JavaScript does).
     */
    public JsonWriter value(double d) {
        beforeValue();
        if (!Double.isFinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d); // exact, and -0.0 becomes 0
        } else {
            String s = Double.toString(d); // shortest repr since JDK 19
            int e = s.indexOf('E');
            if (e < 0) {
                out.append(s);
            } else {
                int exponent = Integer.parseInt(s, e + 1, s.length(), 10);
                if (exponent >= -6 && exponent < 21) {
                    out.append(new BigDecimal(s).stripTrailingZeros().toPlainString());
                } else {
                    int mantissaEnd = s.regionMatches(e - 2, ".0", 0, 2) ? e - 2 : e;
                    out.append(s, 0, mantissaEnd).append('e').append(s, e + 1, s.length());
                }
            }
        }
        return this;
    }

    /** Writes {@code true} or {@code false}; returns this writer. */
    public JsonWriter value(boolean b) {
        beforeValue().append(b);
        return this;
    }

    /** Writes {@code null}; returns this writer. */
    public JsonWriter nullValue() {
        beforeValue().append("null");
        return this;
    }

    /** Writes one already-encoded JSON value verbatim, unvalidated; null writes {@code null}. */
    public JsonWriter rawValue(String json) {
        beforeValue().append(json == null ? "null" : json);
        return this;
    }

    /** Same as {@code name(name).value(value)}. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** Same as {@code name(name).value(value)}. */
    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** Same as {@code name(name).value(value)}. */
    public JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    /** Same as {@code name(name).value(value)}. */
    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** Returns the builder's content: the JSON written so far (after any prior content). */
    @Override
    public String toString() {
        return out.toString();
    }

    /**
     * Appends {@code s} as a quoted, escaped JSON string, or {@code null} when {@code s} is null.
     * Unescaped runs are appended in bulk: a string needing no escapes costs one scan, one append.
     */
    public static void quote(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int length = s.length();
        int runStart = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            String escape;
            if (c < 128) {
                escape = ASCII_ESCAPES[c];
                if (escape == null) {
                    continue;
                }
            } else if (c == '\u2028' || c == '\u2029') {
                // Line terminators in JavaScript source before ES2019, so JSONP/inline scripts break.
                escape = unicodeEscape(c);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a proper pair is one code point; keep it literal
                    continue;
                }
                escape = unicodeEscape(c); // a lone surrogate cannot be encoded as UTF-8
            } else {
                continue;
            }
            out.append(s, runStart, i).append(escape);
            runStart = i + 1;
        }
        out.append(s, runStart, length).append('"');
    }

    /** Returns {@code s} as a quoted, escaped JSON string, or {@code "null"} when it is null. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s == null ? 4 : s.length() + 16);
        quote(sb, s);
        return sb.toString();
    }

    private static String unicodeEscape(char c) {
        return "\\u" + HEX.charAt(c >> 12) + HEX.charAt(c >> 8 & 0xf) + HEX.charAt(c >> 4 & 0xf) + HEX.charAt(c & 0xf);
    }

    /** Emits the separator the current container needs and records that it now has an element. */
    private StringBuilder beforeValue() {
        switch (stack[depth]) {
            case EMPTY_DOCUMENT -> stack[depth] = NONEMPTY_DOCUMENT;
            case EMPTY_ARRAY -> stack[depth] = NONEMPTY_ARRAY;
            case NONEMPTY_ARRAY -> out.append(',');
            case DANGLING_NAME -> stack[depth] = NONEMPTY_OBJECT;
            case NONEMPTY_DOCUMENT -> throw new IllegalStateException("JSON text already has its top-level value");
            default -> throw new IllegalStateException("value inside an object needs name() first");
        }
        return out;
    }

    private JsonWriter open(byte state, char bracket) {
        beforeValue().append(bracket);
        if (++depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth] = state;
        return this;
    }

    private JsonWriter close(byte empty, byte nonEmpty, char bracket, String misuse) {
        if (stack[depth] != empty && stack[depth] != nonEmpty) {
            throw new IllegalStateException(misuse);
        }
        depth--;
        out.append(bracket);
        return this;
    }
}
