package piapi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    private static JsonWriter w() {
        return new JsonWriter();
    }

    @Test
    void nestingAndCommas() {
        assertEquals("{}", w().beginObject().endObject().toString());
        assertEquals("[]", w().beginArray().endArray().toString());
        assertEquals("[1,2,3]", w().beginArray().value(1).value(2).value(3).endArray().toString());
        assertEquals("{\"a\":1,\"b\":\"x\",\"c\":true,\"d\":null}",
                w().beginObject().field("a", 1).field("b", "x").field("c", true).name("d").nullValue().endObject()
                        .toString());
        assertEquals("{\"a\":[{},[],{\"b\":[1,[2,{}]]}],\"c\":{}}",
                w().beginObject().name("a").beginArray().beginObject().endObject().beginArray().endArray()
                        .beginObject().name("b").beginArray().value(1).beginArray().value(2).beginObject().endObject()
                        .endArray().endArray().endObject().endArray().name("c").beginObject().endObject().endObject()
                        .toString());
        assertEquals("\"top\"", w().value("top").toString());
        assertEquals("0.5", w().value(0.5).toString());
    }

    @Test
    void deepNestingGrowsTheStack() {
        JsonWriter w = w();
        for (int i = 0; i < 1000; i++) {
            w.beginArray();
        }
        w.value(1);
        for (int i = 0; i < 1000; i++) {
            w.endArray();
        }
        assertEquals("[".repeat(1000) + "1" + "]".repeat(1000), w.toString());
    }

    @Test
    void appendsToCallersBuilder() {
        StringBuilder sb = new StringBuilder("log: ");
        new JsonWriter(sb).beginObject().field("n", 1).endObject();
        assertEquals("log: {\"n\":1}", sb.toString());
    }

    @Test
    void escapes() {
        assertEquals("\"\"", JsonWriter.quote(""));
        assertEquals("\"plain text\"", JsonWriter.quote("plain text"));
        assertEquals("\"a\\\"b\\\\c/d\"", JsonWriter.quote("a\"b\\c/d"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", JsonWriter.quote("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u0001\\u001f \\u000b\"", JsonWriter.quote("\u0000\u0001\u001f \u000b"));
        assertEquals("\"\u007f\"", JsonWriter.quote("\u007f"));
        assertEquals("\"\\u003c/script\\u003e\\u0026amp;\"", JsonWriter.quote("</script>&amp;"));
        assertEquals("\"a\\u2028b\\u2029c\"", JsonWriter.quote("a\u2028b\u2029c"));
        assertEquals("\"h\u00e9llo \u4e16\u754c\"", JsonWriter.quote("h\u00e9llo \u4e16\u754c"));
        assertEquals("null", JsonWriter.quote(null));
        StringBuilder sb = new StringBuilder("x=");
        JsonWriter.quote(sb, "<");
        assertEquals("x=\"\\u003c\"", sb.toString());
        assertEquals("{\"\\u003ck\\n\":\"v\"}", w().beginObject().field("<k\n", "v").endObject().toString());
    }

    @Test
    void surrogates() {
        String emoji = "\ud83d\ude00";
        assertEquals("\"" + emoji + "\"", JsonWriter.quote(emoji));
        assertEquals("\"a\\ud83db\"", JsonWriter.quote("a\ud83db"));
        assertEquals("\"\\ude00x\"", JsonWriter.quote("\ude00x"));
        assertEquals("\"\\ud83d\"", JsonWriter.quote("\ud83d"));
        assertEquals("\"\\ude00\\ud83d\"", JsonWriter.quote("\ude00\ud83d"));
        assertEquals("\"\\ud83d" + emoji + "\"", JsonWriter.quote("\ud83d" + emoji));
    }

    @Test
    void doubles() {
        assertEquals("1", w().value(1.0).toString());
        assertEquals("-3", w().value(-3.0).toString());
        assertEquals("0", w().value(-0.0).toString());
        assertEquals("0.5", w().value(0.5).toString());
        assertEquals("0.1", w().value(0.1).toString());
        assertEquals("1.5", w().value(1.5).toString());
        assertEquals("0.000001", w().value(1e-6).toString());
        assertEquals("1e-7", w().value(1e-7).toString());
        assertEquals("1.5e-7", w().value(1.5e-7).toString());
        assertEquals("12345678.5", w().value(12345678.5).toString());
        assertEquals("1000000000000000", w().value(1e15).toString());
        assertEquals("100000000000000000000", w().value(1e20).toString());
        assertEquals("1e21", w().value(1e21).toString());
        assertEquals("1.7976931348623157e308", w().value(Double.MAX_VALUE).toString());
        assertEquals("4.9e-324", w().value(Double.MIN_VALUE).toString());
        assertEquals("[null,null,null]", w().beginArray().value(Double.NaN)
                .value(Double.POSITIVE_INFINITY).value(Double.NEGATIVE_INFINITY).endArray().toString());
        for (double d : new double[] {1e-7, 1.5e-7, 12345678.5, 1e20, 1e21, Double.MAX_VALUE, Double.MIN_VALUE, 0.1}) {
            assertEquals(d, Double.parseDouble(w().value(d).toString()), () -> "round trip of " + d);
        }
    }

    @Test
    void longsBooleansNulls() {
        assertEquals("[9223372036854775807,-9223372036854775808,0]",
                w().beginArray().value(Long.MAX_VALUE).value(Long.MIN_VALUE).value(0).endArray().toString());
        assertEquals("[true,false,null,null]",
                w().beginArray().value(true).value(false).nullValue().value((String) null).endArray().toString());
        assertEquals("{\"s\":null}", w().beginObject().field("s", (String) null).endObject().toString());
        assertEquals("{\"d\":2.5,\"n\":-1}", w().beginObject().field("d", 2.5).field("n", -1L).endObject().toString());
    }

    @Test
    void rawValue() {
        String inner = w().beginObject().field("k", "v").endObject().toString();
        assertEquals("{\"a\":{\"k\":\"v\"},\"b\":[1,{\"k\":\"v\"},null]}",
                w().beginObject().name("a").rawValue(inner).name("b").beginArray().value(1).rawValue(inner)
                        .rawValue(null).endArray().endObject().toString());
    }

    @Test
    void misuse() {
        assertMisuse("value inside an object needs name() first", () -> w().beginObject().value(1));
        assertMisuse("value inside an object needs name() first", () -> w().beginObject().beginArray());
        assertMisuse("name(\"a\") outside an object", () -> w().name("a"));
        assertMisuse("name(\"a\") outside an object", () -> w().beginArray().name("a"));
        assertMisuse("name(\"b\") where a value is expected", () -> w().beginObject().name("a").name("b"));
        assertMisuse("endObject() without a matching beginObject()", () -> w().endObject());
        assertMisuse("endObject() without a matching beginObject()", () -> w().beginArray().endObject());
        assertMisuse("endObject() after name() without a value", () -> w().beginObject().name("a").endObject());
        assertMisuse("endArray() without a matching beginArray()", () -> w().endArray());
        assertMisuse("endArray() without a matching beginArray()", () -> w().beginObject().endArray());
        assertMisuse("endArray() without a matching beginArray()", () -> w().beginArray().endArray().endArray());
        assertMisuse("JSON text already has its top-level value", () -> w().value(1).value(2));
        assertMisuse("JSON text already has its top-level value", () -> w().beginObject().endObject().rawValue("1"));
        assertThrows(NullPointerException.class, () -> w().beginObject().name(null));
    }

    private static void assertMisuse(String message, Runnable r) {
        assertEquals(message, assertThrows(IllegalStateException.class, r::run).getMessage());
    }

    @Test
    void roundTripThroughReader() throws JsonException {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            Object value = randomValue(random, 0);
            JsonWriter w = new JsonWriter();
            write(w, value);
            assertEquals(value, JsonReader.parse(w.toString()), w::toString);
        }
    }

    private static final String[] PIECES = {"a", "Z", " ", "\"", "\\", "/", "\n", "\u0000", "\u001f", "<", ">", "&",
        "\u00e9", "\u4e16", "\u2028", "\u2029", "\ud83d\ude00", "\ud83d", "\ude00", "\uffff", "\u007f"};

    private static Object randomValue(Random r, int depth) {
        int kind = r.nextInt(depth > 4 ? 6 : 8);
        switch (kind) {
            case 0: return null;
            case 1: return r.nextBoolean();
            case 2: return r.nextLong() >> r.nextInt(64);
            case 3: {
                double d = (r.nextInt(2000) - 1000) + r.nextDouble() * Math.pow(10, r.nextInt(30) - 20);
                return d == Math.rint(d) ? d + 0.5 : d; // integral doubles come back as Long
            }
            case 4: case 5: return randomString(r);
            case 6: {
                List<Object> list = new ArrayList<>();
                for (int n = r.nextInt(5); n > 0; n--) {
                    list.add(randomValue(r, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = r.nextInt(5); n > 0; n--) {
                    map.put(randomString(r), randomValue(r, depth + 1));
                }
                return map;
            }
        }
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(8); n > 0; n--) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    private static void write(JsonWriter w, Object value) {
        if (value instanceof Map<?, ?> map) {
            w.beginObject();
            map.forEach((k, v) -> write(w.name((String) k), v));
            w.endObject();
        } else if (value instanceof List<?> list) {
            w.beginArray();
            list.forEach(v -> write(w, v));
            w.endArray();
        } else if (value instanceof String s) {
            w.value(s);
        } else if (value instanceof Long n) {
            w.value(n.longValue());
        } else if (value instanceof Double d) {
            w.value(d.doubleValue());
        } else if (value instanceof Boolean b) {
            w.value(b.booleanValue());
        } else {
            w.nullValue();
        }
    }
}
