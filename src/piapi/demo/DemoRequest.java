package piapi.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import piapi.http.JsonException;
import piapi.http.JsonReader;

/**
 * What the demo provider needs from a request body: the model, whether to stream, the token cap, the
 * user's last words (echoed in the reply), and the hints its usage numbers are derived from.
 *
 * @param model        as asked, or a default of the protocol
 * @param stream       {@code "stream": true}
 * @param includeUsage Chat Completions' {@code stream_options.include_usage}
 * @param maxTokens    the cap on output tokens ({@code max_tokens}, {@code max_completion_tokens},
 *                     {@code max_output_tokens}), 0 when none
 * @param prompt       the text of the last user message, possibly empty
 * @param bodyBytes    the body's size, which the input token count is derived from
 * @param cacheControl the body asks for prompt caching (Anthropic {@code cache_control})
 * @param cacheOneHour that caching asks for the 1-hour lifetime
 * @param reasoning    the body asks for reasoning ({@code reasoning} or {@code reasoning_effort})
 */
record DemoRequest(String model, boolean stream, boolean includeUsage, int maxTokens, String prompt, int bodyBytes,
                   boolean cacheControl, boolean cacheOneHour, boolean reasoning) {

    /** @throws JsonException when the body is not a JSON object */
    static DemoRequest parse(Wire wire, byte[] body) throws JsonException {
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, Object> json = JsonReader.parseObject(text);
        String model = json.get("model") instanceof String s && !s.isBlank() ? s
                : wire.anthropic() ? "claude-sonnet-4-5" : wire == Wire.OPENAI_RESPONSES ? "gpt-5-codex" : "gpt-4.1";
        boolean includeUsage = json.get("stream_options") instanceof Map<?, ?> options && Boolean.TRUE.equals(options.get("include_usage"));
        int maxTokens = positive(json.get("max_tokens"));
        if (maxTokens == 0) maxTokens = positive(json.get("max_completion_tokens"));
        if (maxTokens == 0) maxTokens = positive(json.get("max_output_tokens"));
        Object conversation = json.containsKey("messages") ? json.get("messages") : json.get("input");
        return new DemoRequest(model, Boolean.TRUE.equals(json.get("stream")), includeUsage, maxTokens, lastUserText(conversation),
                body.length, text.contains("\"cache_control\""), text.contains("\"1h\""),
                json.get("reasoning") instanceof Map<?, ?> || json.get("reasoning_effort") instanceof String);
    }

    private static int positive(Object value) {
        return value instanceof Long n && n > 0 ? (int) Math.min(n, Integer.MAX_VALUE) : 0;
    }

    /** The text of the last user turn: a string, or the text parts of a content array. */
    static String lastUserText(Object conversation) {
        if (conversation instanceof String s) return s;
        if (!(conversation instanceof List<?> turns)) return "";
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i) instanceof Map<?, ?> turn && "user".equals(turn.get("role"))) return text(turn.get("content"));
        }
        return "";
    }

    private static String text(Object content) {
        if (content instanceof String s) return s;
        StringBuilder out = new StringBuilder();
        if (content instanceof List<?> parts) {
            for (Object part : parts) {
                if (part instanceof Map<?, ?> m && m.get("text") instanceof String t) {
                    if (!out.isEmpty()) out.append(' ');
                    out.append(t);
                }
            }
        }
        return out.toString();
    }

    /** The input token count: about four bytes of JSON per token, as for English text. */
    long inputTokens() {
        return Math.max(1, (bodyBytes + 3L) / 4);
    }
}
