package piapi.admin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import piapi.http.JsonException;
import piapi.http.JsonReader;

/**
 * The JSON object an edit sends, read field by field with a 400 that names the field (never its value)
 * when it is missing or of the wrong type. Text fields are stripped, as the config binder strips them.
 */
final class JsonInput {
    /** Far above any edit; the whole config file is at most 1 MiB through the admin API. */
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_NAME = 200;

    private final Map<String, Object> fields;

    private JsonInput(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** The request body as an object; null after answering 413. An empty body is an empty object. */
    static JsonInput read(AdminRequest r) throws IOException, Refusal {
        byte[] body = r.body(MAX_BODY);
        if (body == null) return null;
        if (body.length == 0) return new JsonInput(Map.of());
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
            return new JsonInput(JsonReader.parseObject(text));
        } catch (CharacterCodingException e) {
            throw Refusal.badRequest("the body is not UTF-8");
        } catch (JsonException e) {
            throw Refusal.badRequest("the body must be a JSON object: " + e.getMessage());
        }
    }

    static JsonInput of(Map<String, Object> fields) {
        return new JsonInput(fields);
    }

    boolean has(String name) {
        return fields.get(name) != null;
    }

    /** A required name-like text: non-empty after stripping, printable, at most 200 characters. */
    String name(String field) throws Refusal {
        String v = optionalText(field);
        if (v == null || v.isEmpty()) throw Refusal.badRequest(field + " is required");
        return checkName(field, v);
    }

    /** Optional text, stripped; null when absent. */
    String optionalText(String field) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return null;
        if (!(v instanceof String s)) throw Refusal.badRequest(field + " must be a string");
        checkPrintable(field, s);
        return s.strip();
    }

    /** Optional text kept exactly as sent (a header prefix such as "Bearer " keeps its space); null when absent. */
    String rawText(String field) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return null;
        if (!(v instanceof String s)) throw Refusal.badRequest(field + " must be a string");
        checkPrintable(field, s);
        return s;
    }

    long wholeNumber(String field, long fallback) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return fallback;
        if (v instanceof Long n) return n;
        throw Refusal.badRequest(field + " must be a whole number");
    }

    boolean bool(String field, boolean fallback) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw Refusal.badRequest(field + " must be true or false");
    }

    JsonInput object(String field) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return null;
        if (v instanceof Map<?, ?> m) return new JsonInput(cast(m));
        throw Refusal.badRequest(field + " must be an object");
    }

    /** The members of an object field, each itself an object, in document order. */
    Map<String, Object> members(String field) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return Map.of();
        if (v instanceof Map<?, ?> m) return cast(m);
        throw Refusal.badRequest(field + " must be an object");
    }

    List<JsonInput> objects(String field) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw Refusal.badRequest(field + " must be a list");
        java.util.ArrayList<JsonInput> out = new java.util.ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) throw Refusal.badRequest("each item of " + field + " must be an object");
            out.add(new JsonInput(cast(m)));
        }
        return out;
    }

    List<String> strings(String field) throws Refusal {
        Object v = fields.get(field);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw Refusal.badRequest(field + " must be a list");
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) throw Refusal.badRequest("each item of " + field + " must be a string");
            out.add(checkName(field, s.strip()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** A service type: the first path segment after /piapi/, so no '/', '%', '?' or blanks. */
    static String serviceType(String field, String v) throws Refusal {
        checkName(field, v);
        if (v.isEmpty()) throw Refusal.badRequest(field + " is required");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '/' || c == '%' || c == '?' || c == '#' || Character.isWhitespace(c)) {
                throw Refusal.badRequest(field + " cannot contain '/', '%', '?', '#' or blanks: it is a path segment");
            }
        }
        return v;
    }

    /** A name as the config needs it: printable, not too long. */
    static String checkName(String field, String v) throws Refusal {
        checkPrintable(field, v);
        if (v.length() > MAX_NAME) throw Refusal.badRequest(field + " is longer than " + MAX_NAME + " characters");
        return v;
    }

    /** No control characters (they are invisible in an editor) and no broken UTF-16 (it cannot be written). */
    static void checkPrintable(String field, String v) throws Refusal {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029') {
                throw Refusal.badRequest(field + " must not contain control characters or line breaks");
            }
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw Refusal.badRequest(field + " is not valid Unicode text");
            }
        }
    }
}
