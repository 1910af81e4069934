package piapi.support.browser;

import java.util.List;
import java.util.Map;
import piapi.http.JsonWriter;

/** Writes the plain values CDP commands take (maps, lists, strings, numbers, booleans, null) as JSON. */
final class Json {
    private Json() {}

    static void write(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> JsonWriter.quote(out, s);
            case Boolean b -> out.append(b);
            case Number n -> out.append(n);
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    JsonWriter.quote(out, String.valueOf(e.getKey()));
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) out.append(',');
                    write(out, l.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    /** A JavaScript string literal for {@code s} (JSON strings are valid JavaScript). */
    static String js(String s) {
        return JsonWriter.quote(s);
    }
}
