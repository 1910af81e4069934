package piapi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static Object parse(String json) {
        try {
            return JsonReader.parse(json);
        } catch (JsonException e) {
            throw new AssertionError(json + ": " + e.getMessage(), e);
        }
    }

    private static void assertError(String message, String json) {
        assertEquals(message, assertThrows(JsonException.class, () -> JsonReader.parse(json)).getMessage(), json);
    }

    @Test
    void literals() {
        assertNull(parse("null"));
        assertEquals(Boolean.TRUE, parse("true"));
        assertEquals(Boolean.FALSE, parse("false"));
    }

    @Test
    void numbers() {
        assertEquals(0L, parse("0"));
        assertEquals(0L, parse("-0"));
        assertEquals(Double.valueOf(-0.0), parse("-0.0"));
        assertEquals(Double.valueOf(-0.0), parse("-0e0"));
        assertEquals(123L, parse("123"));
        assertEquals(-42L, parse("-42"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(9.223372036854775808e18, parse("9223372036854775808"));
        assertEquals(-9.223372036854775809e18, parse("-9223372036854775809"));
        assertEquals(1.2345678901234568e29, parse("123456789012345678901234567890"));
        assertEquals(1.0, parse("1.0"));
        assertEquals(1.5, parse("1.5"));
        assertEquals(-0.125, parse("-0.125"));
        assertEquals(100.0, parse("1e2"));
        assertEquals(100.0, parse("1E2"));
        assertEquals(100.0, parse("1e+2"));
        assertEquals(0.01, parse("1e-2"));
        assertEquals(-0.00125, parse("-1.25E-3"));
        assertEquals(0.0, parse("0e0"));
        assertEquals(1.7976931348623157e308, parse("1.7976931348623157e308"));
        assertEquals(0.0, parse("1e-400"));
    }

    @Test
    void strings() {
        assertEquals("", parse("\"\""));
        assertEquals("hello", parse("\"hello\""));
        assertEquals("\"\\/\b\f\n\r\t", parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("A\u00e9\u4e16\u0000", parse("\"\\u0041\\u00e9\\u4E16\\u0000\""));
        assertEquals("x\ud83d\ude00y", parse("\"x\\ud83d\\uDE00y\""));
        assertEquals("\ud83d\ude00", parse("\"\ud83d\ude00\""));
        assertEquals("\ud800", parse("\"\\ud800\""));
        assertEquals("<\u007f\u2028>", parse("\"<\u007f\u2028>\""));
        assertEquals(List.of("a\nb", "plain", "c\td"), parse("[\"a\\nb\",\"plain\",\"c\\td\"]"));
    }

    @Test
    void containers() throws JsonException {
        Object array = parse("[1,\"a\",true,null,[],{},1.5]");
        assertInstanceOf(ArrayList.class, array);
        assertEquals(Arrays.asList(1L, "a", true, null, List.of(), Map.of(), 1.5), array);
        Object object = parse("{\"b\":1,\"a\":[2],\"c\":{\"d\":null},\"\":\"\"}");
        assertInstanceOf(LinkedHashMap.class, object);
        assertEquals(List.of("b", "a", "c", ""), List.copyOf(((Map<?, ?>) object).keySet()));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("d", null);
        assertEquals(nested, ((Map<?, ?>) object).get("c"));
        Map<String, Object> dup = JsonReader.parseObject("{\"a\":1,\"b\":2,\"a\":3}");
        assertEquals(Map.of("a", 3L, "b", 2L), dup);
        assertEquals(List.of("a", "b"), List.copyOf(dup.keySet()));
    }

    @Test
    void whitespaceEverywhere() {
        assertEquals(Map.of("a", List.of(1L, 2L), "b", Map.of()),
                parse(" \t\r\n{ \"a\" \n:\t[ 1 , 2\n]\r\n, \"b\" : { } } \n"));
        assertEquals(List.of(), parse("[ ]"));
    }

    @Test
    void depthLimit() {
        Object deep = parse("[".repeat(512) + "]".repeat(512));
        for (int i = 1; i < 512; i++) {
            deep = ((List<?>) deep).get(0);
        }
        assertEquals(List.of(), deep);
        Object objects = parse("{\"a\":".repeat(512) + "1" + "}".repeat(512));
        for (int i = 0; i < 512; i++) {
            objects = ((Map<?, ?>) objects).get("a");
        }
        assertEquals(1L, objects);
        assertError("Nesting too deep at 1:513", "[".repeat(513) + "]".repeat(513));
        assertError("Nesting too deep at 1:2561", "{\"a\":".repeat(513) + "1" + "}".repeat(513));
        assertError("Nesting too deep at 1:513", "[".repeat(100_000));
    }

    @Test
    void parseObject() throws JsonException {
        assertEquals(Map.of("k", "v"), JsonReader.parseObject(" {\"k\":\"v\"} "));
        assertObjectError("Expected object at 1:1", "[]");
        assertObjectError("Expected object at 2:3", "\n  1");
        assertObjectError("Expected object at 1:1", "null");
        assertObjectError("Unexpected end of input at 1:1", "");
        assertObjectError("Unexpected character at 1:4", "{} x");
        assertObjectError("Expected name at 1:2", "{,}");
    }

    private static void assertObjectError(String message, String json) {
        assertEquals(message, assertThrows(JsonException.class, () -> JsonReader.parseObject(json)).getMessage(), json);
    }

    @Test
    void exceptionParts() {
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.parse("[1,\n  2,\n  ]"));
        assertEquals("Expected value", e.problem());
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertEquals("Expected value at 3:3", e.getMessage());
    }

    @Test
    void errors() {
        assertError("Unexpected end of input at 1:1", "");
        assertError("Unexpected end of input at 1:4", "   ");
        assertError("Expected value at 1:1", "x");
        assertError("Expected value at 1:1", "\ufeff{}");
        assertError("Expected value at 1:1", "// comment\n1");
        assertError("Expected value at 1:1", "/* comment */ 1");
        assertError("Unexpected character at 1:4", "[1]]");
        assertError("Unexpected character at 1:4", "{} {}");
        assertError("Unexpected character at 1:3", "1 2");
        // arrays
        assertError("Unexpected end of input at 1:2", "[");
        assertError("Unexpected end of input at 1:3", "[1");
        assertError("Unexpected end of input at 1:4", "[1,");
        assertError("Expected ',' or ']' at 1:4", "[1 2]");
        assertError("Expected ',' or ']' at 1:3", "[1}");
        assertError("Expected value at 1:4", "[1,]");
        assertError("Expected value at 1:2", "[,1]");
        // objects
        assertError("Unexpected end of input at 1:2", "{");
        assertError("Unexpected end of input at 1:5", "{\"a\"");
        assertError("Unexpected end of input at 1:6", "{\"a\":");
        assertError("Expected ':' at 1:6", "{\"a\" 1}");
        assertError("Expected name at 1:8", "{\"a\":1,}");
        assertError("Expected name at 1:2", "{a:1}");
        assertError("Expected name at 1:2", "{'a':1}");
        assertError("Expected value at 1:6", "{\"a\":}");
        assertError("Expected ',' or '}' at 1:8", "{\"a\":1 \"b\":2}");
        assertError("Expected ',' or '}' at 1:7", "{\"a\":1]");
        // numbers
        assertError("Unexpected character at 1:2", "01");
        assertError("Expected ',' or ']' at 1:3", "[01]");
        assertError("Expected ',' or ']' at 1:4", "[-00]");
        assertError("Unexpected end of input at 1:2", "-");
        assertError("Expected digit at 1:2", "-x");
        assertError("Expected digit at 1:2", "-.5");
        assertError("Expected value at 1:1", "+1");
        assertError("Expected value at 1:1", ".5");
        assertError("Unexpected end of input at 1:3", "1.");
        assertError("Expected digit at 1:3", "1.e5");
        assertError("Unexpected end of input at 1:3", "1e");
        assertError("Unexpected end of input at 1:4", "1e+");
        assertError("Expected digit at 1:3", "1ex");
        assertError("Unexpected character at 1:2", "0x1F");
        assertError("Expected value at 1:1", "NaN");
        assertError("Expected value at 1:2", "[Infinity]");
        assertError("Expected digit at 1:3", "[-Infinity]");
        assertError("Number out of range at 1:1", "1e400");
        assertError("Number out of range at 1:2", "[-1e400]");
        // literals
        assertError("Unexpected end of input at 1:4", "nul");
        assertError("Expected 'l' at 1:4", "nulL");
        assertError("Expected 'u' at 1:3", "trUe");
        assertError("Unexpected end of input at 1:5", "fals");
        assertError("Expected value at 1:1", "True");
        assertError("Unexpected character at 1:5", "nullx");
        // strings
        assertError("Unexpected end of input at 1:5", "\"abc");
        assertError("Unexpected end of input at 1:3", "\"\\");
        assertError("Invalid escape sequence at 1:4", "\"a\\x\"");
        assertError("Invalid escape sequence at 1:3", "\"\\U0041\"");
        assertError("Invalid escape sequence at 1:3", "\"\\'\"");
        assertError("Invalid unicode escape at 1:6", "\"\\u12g4\"");
        assertError("Invalid unicode escape at 1:6", "\"\\u12\"");
        assertError("Invalid unicode escape at 1:4", "\"\\u\uff11234\"");
        assertError("Unexpected end of input at 1:6", "\"\\u12");
        assertError("Control character in string at 1:3", "\"a\nb\"");
        assertError("Control character in string at 1:2", "\"\t\"");
        assertError("Control character in string at 1:2", "\"\u001f\"");
        assertError("Expected value at 1:1", "'a'");
        // positions across lines (\n ends a line; \r is plain whitespace)
        assertError("Expected value at 3:2", "[1,\n 2,\n x]");
        assertError("Expected ',' or '}' at 3:3", "{\n  \"a\": 1\n  \"b\": 2\n}");
        assertError("Unexpected end of input at 3:1", "[1\r\n,2\r\n");
        assertError("Invalid escape sequence at 2:4", "[\n \"\\q\"]");
    }
}
