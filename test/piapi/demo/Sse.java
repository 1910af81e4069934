package piapi.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import piapi.http.JsonException;
import piapi.http.JsonReader;

/** Server-sent events split the way SDKs split them: blank-line separated, {@code event:} and {@code data:} fields. */
record Sse(String event, String data) {
    static List<Sse> parse(String body) {
        List<Sse> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) event = line.substring(7);
                else if (line.startsWith("data: ")) data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
                else if (!line.startsWith(":")) throw new AssertionError("not an SSE line: " + line);
            }
            out.add(new Sse(event, data.toString()));
        }
        return out;
    }

    Map<String, Object> json() {
        try {
            return JsonReader.parseObject(data);
        } catch (JsonException e) {
            throw new AssertionError("event data is not a JSON object: " + data, e);
        }
    }

    /** A nested member by path, e.g. {@code at(m, "usage", "output_tokens")}. */
    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> json, String... path) {
        Object v = json;
        for (String p : path) {
            if (!(v instanceof Map<?, ?> m)) throw new AssertionError("no " + String.join(".", path) + " in " + json);
            v = ((Map<String, Object>) m).get(p);
        }
        return v;
    }
}
