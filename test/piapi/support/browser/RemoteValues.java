package piapi.support.browser;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a WebDriver BiDi {@code RemoteValue} ({@code {"type":"number","value":3}}, objects as lists of key and value
 * pairs) into the plain Java values the tests compare, the same ones CDP's {@code returnByValue} gives: null,
 * String, Long or Double, Boolean, List and Map. Values that have no plain form (nodes, functions, windows) become an
 * empty map, as CDP returns them.
 */
final class RemoteValues {
    private RemoteValues() {}

    @SuppressWarnings("unchecked")
    static Object toJava(Object remote) {
        if (!(remote instanceof Map<?, ?> m)) return remote;
        Object value = m.get("value");
        return switch (String.valueOf(m.get("type"))) {
            case "undefined", "null" -> null;
            case "string", "boolean", "date" -> value;
            case "number" -> value instanceof String special ? special(special) : value;
            case "bigint" -> new BigInteger((String) value);
            case "array", "set" -> value == null ? List.of() : list((List<Object>) value);
            case "object", "map" -> value == null ? Map.of() : map((List<Object>) value);
            default -> Map.of();
        };
    }

    private static Object special(String number) {
        return switch (number) {
            case "-0" -> 0L;
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("not a number: " + number);
        };
    }

    private static List<Object> list(List<Object> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) out.add(toJava(item));
        return out;
    }

    private static Map<String, Object> map(List<Object> pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object pair : pairs) {
            List<?> kv = (List<?>) pair;
            Object key = kv.get(0) instanceof String s ? s : toJava(kv.get(0));
            out.put(String.valueOf(key), toJava(kv.get(1)));
        }
        return out;
    }
}
