package piapi.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser producing plain Java values.
 *
 * <p>Objects become {@link LinkedHashMap}{@code <String,Object>} (document order; a duplicate key
 * replaces the earlier value and keeps its position), arrays {@link ArrayList}, strings
 * {@link String}, {@code true}/{@code false} {@link Boolean} and {@code null} Java {@code null}.
 * A number written without fraction or exponent becomes a {@link Long} when it fits (so
 * {@code -0} is {@code 0L} and {@code 1.0} is a {@code Double}); every other number becomes a
 * {@link Double}. Comments, trailing commas, leading zeros, {@code NaN}, single quotes, numbers
 * beyond the double range and nesting deeper than 512 are rejected with a {@link JsonException}
 * carrying the line and column.
 *
 * <p>Each parse uses its own private instance, so the static methods are thread-safe.
 */
public final class JsonReader {
    /** Deep enough for any real payload; shallow enough that the recursion cannot overflow. */
    private static final int MAX_NESTING = 512;

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int nesting;
    /** Created on the first escape and reused, so strings without escapes are plain substrings. */
    private StringBuilder buffer;

    private JsonReader(String text) {
        this.text = text;
        skipWhiteSpace();
    }

    /**
     * Parses a whole JSON text (only whitespace may follow the value) into a {@code Map},
     * {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code null}.
     *
     * @throws JsonException if {@code text} is not valid JSON
     */
    public static Object parse(String text) throws JsonException {
        JsonReader reader = new JsonReader(text);
        return reader.readEnd(reader.readValue());
    }

    /**
     * Parses a whole JSON text whose value must be an object; returns its members in document order.
     *
     * @throws JsonException if {@code text} is not valid JSON or its value is not an object
     */
    public static Map<String, Object> parseObject(String text) throws JsonException {
        JsonReader reader = new JsonReader(text);
        if (reader.peek() != '{') {
            throw reader.expected("object");
        }
        return reader.readEnd(reader.readObject());
    }

    private <T> T readEnd(T value) throws JsonException {
        skipWhiteSpace();
        if (pos < text.length()) {
            throw error("Unexpected character");
        }
        return value;
    }

    private Object readValue() throws JsonException {
        return switch (peek()) {
            case 'n' -> readLiteral("null", null);
            case 't' -> readLiteral("true", Boolean.TRUE);
            case 'f' -> readLiteral("false", Boolean.FALSE);
            case '"' -> readString();
            case '[' -> readArray();
            case '{' -> readObject();
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> readNumber();
            default -> throw expected("value");
        };
    }

    private Object readLiteral(String word, Object value) throws JsonException {
        for (int i = 0; i < word.length(); i++) {
            readRequiredChar(word.charAt(i));
        }
        return value;
    }

    private List<Object> readArray() throws JsonException {
        enterContainer();
        List<Object> list = new ArrayList<>();
        skipWhiteSpace();
        if (!readChar(']')) {
            do {
                skipWhiteSpace();
                list.add(readValue());
                skipWhiteSpace();
            } while (readChar(','));
            if (!readChar(']')) {
                throw expected("',' or ']'");
            }
        }
        nesting--;
        return list;
    }

    private Map<String, Object> readObject() throws JsonException {
        enterContainer();
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhiteSpace();
        if (!readChar('}')) {
            do {
                skipWhiteSpace();
                if (peek() != '"') {
                    throw expected("name");
                }
                String name = readString();
                skipWhiteSpace();
                readRequiredChar(':');
                skipWhiteSpace();
                map.put(name, readValue());
                skipWhiteSpace();
            } while (readChar(','));
            if (!readChar('}')) {
                throw expected("',' or '}'");
            }
        }
        nesting--;
        return map;
    }

    /** Consumes an opening bracket; the error points at the first bracket that is too deep. */
    private void enterContainer() throws JsonException {
        if (++nesting > MAX_NESTING) {
            throw error("Nesting too deep");
        }
        pos++;
    }

    private String readString() throws JsonException {
        int runStart = ++pos;
        boolean escaped = false;
        for (int c = peek(); c != '"'; c = peek()) {
            if (c == '\\') {
                if (!escaped) {
                    escaped = true;
                    buffer = buffer == null ? new StringBuilder(64) : buffer;
                    buffer.setLength(0);
                }
                buffer.append(text, runStart, pos++); // the unescaped run, in bulk
                readEscape();
                runStart = pos;
            } else if (c >= 0x20) {
                pos++;
            } else {
                throw error(c < 0 ? "Unexpected end of input" : "Control character in string");
            }
        }
        String s = escaped ? buffer.append(text, runStart, pos).toString() : text.substring(runStart, pos);
        pos++;
        return s;
    }

    private void readEscape() throws JsonException {
        char c = (char) peek();
        buffer.append(switch (peek()) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> readUnicodeEscape();
            case -1 -> throw error("Unexpected end of input");
            default -> throw error("Invalid escape sequence");
        });
        pos++;
    }

    /** One escape is one UTF-16 unit: pairs join up in the buffer and lone surrogates survive. */
    private char readUnicodeEscape() throws JsonException {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            pos++;
            int c = peek();
            int digit = c >= '0' && c <= '9' ? c - '0' // ASCII only, unlike Character.digit
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw c < 0 ? error("Unexpected end of input") : error("Invalid unicode escape");
            }
            code = code << 4 | digit;
        }
        return (char) code;
    }

    private Object readNumber() throws JsonException {
        int start = pos;
        readChar('-');
        if (!readChar('0')) { // a leading 0 stands alone: "01" ends after the 0
            readDigits();
        }
        boolean integral = true;
        if (readChar('.')) {
            integral = false;
            readDigits();
        }
        if (readChar('e') || readChar('E')) {
            integral = false;
            if (!readChar('+')) {
                readChar('-');
            }
            readDigits();
        }
        String s = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException beyondLongRange) {
                // still valid JSON: fall through to the nearest double
            }
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            pos = start;
            throw error("Number out of range");
        }
        return d;
    }

    private void readDigits() throws JsonException {
        if (!readDigit()) {
            throw expected("digit");
        }
        while (readDigit()) { }
    }

    private boolean readDigit() {
        return readChar('0', '9');
    }

    private void readRequiredChar(char ch) throws JsonException {
        if (!readChar(ch)) {
            throw expected("'" + ch + "'");
        }
    }

    private boolean readChar(char ch) {
        return readChar(ch, ch);
    }

    /** Consumes the next char if it is within {@code first..last}. */
    private boolean readChar(char first, char last) {
        int c = peek();
        if (c < first || c > last) {
            return false;
        }
        pos++;
        return true;
    }

    /** Strings cannot hold a raw newline, so whitespace is the only place where lines end. */
    private void skipWhiteSpace() {
        for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) {
            if (text.charAt(pos++) == '\n') {
                line++;
                lineStart = pos;
            }
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private JsonException expected(String what) {
        return error(pos >= text.length() ? "Unexpected end of input" : "Expected " + what);
    }

    private JsonException error(String problem) {
        return new JsonException(problem, line, pos - lineStart + 1);
    }
}
