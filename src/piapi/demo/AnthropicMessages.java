package piapi.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import piapi.http.JsonWriter;

/**
 * Anthropic's Messages API: a message as JSON, or the event stream {@code message_start} (usage with
 * the cache fields), {@code content_block_start}, {@code ping}, one {@code content_block_delta} per
 * token, {@code content_block_stop}, {@code message_delta} (cumulative usage, {@code stop_reason}),
 * {@code message_stop}; and {@code count_tokens}.
 */
final class AnthropicMessages {
    private final DemoIds ids;
    private final Pacing pacing;

    AnthropicMessages(DemoIds ids, Pacing pacing) {
        this.ids = ids;
        this.pacing = pacing;
    }

    void answer(HttpExchange exchange, String provider, DemoRequest request) throws IOException {
        ReplyText reply = ReplyText.of(provider, request);
        DemoUsage usage = DemoUsage.of(Wire.ANTHROPIC_MESSAGES, request, reply.tokens().size());
        String stopReason = reply.truncated() ? "max_tokens" : "end_turn";
        String id = ids.anthropicMessage();
        if (!request.stream()) {
            if (!Pacing.pause(pacing.whole(reply.tokens().size()))) return;
            JsonWriter json = new JsonWriter();
            message(json, id, request.model());
            json.name("content").beginArray().beginObject().field("type", "text").field("text", reply.joined()).endObject().endArray()
                    .field("stop_reason", stopReason).name("stop_sequence").nullValue();
            usage(json.name("usage"), usage, usage.output());
            DemoReplies.json(exchange, 200, "request-id", ids.anthropicRequest(), json.endObject().toString());
            return;
        }
        EventStream events = EventStream.open(exchange, pacing, "request-id", ids.anthropicRequest());
        JsonWriter start = new JsonWriter().beginObject().field("type", "message_start").name("message");
        message(start, id, request.model());
        start.name("content").beginArray().endArray().name("stop_reason").nullValue().name("stop_sequence").nullValue();
        usage(start.name("usage"), usage, 1); // the real API reports one output token at the start
        events.event("message_start", start.endObject().endObject().toString());
        events.event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        events.event("ping", "{\"type\":\"ping\"}");
        for (String token : reply.tokens()) {
            events.beforeToken();
            events.event("content_block_delta", new JsonWriter().beginObject().field("type", "content_block_delta").field("index", 0)
                    .name("delta").beginObject().field("type", "text_delta").field("text", token).endObject().endObject().toString());
        }
        events.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        JsonWriter delta = new JsonWriter().beginObject().field("type", "message_delta")
                .name("delta").beginObject().field("stop_reason", stopReason).name("stop_sequence").nullValue().endObject();
        usage(delta.name("usage"), usage, usage.output()); // cumulative: repeats the input and cache counts
        events.event("message_delta", delta.endObject().toString());
        events.event("message_stop", "{\"type\":\"message_stop\"}");
        events.close();
    }

    /** Opens a message object and writes its members up to the content. */
    private static void message(JsonWriter json, String id, String model) {
        json.beginObject().field("id", id).field("type", "message").field("role", "assistant").field("model", model);
    }

    private static void usage(JsonWriter json, DemoUsage usage, long output) {
        json.beginObject().field("input_tokens", usage.uncachedInput())
                .field("cache_creation_input_tokens", usage.cacheWrite())
                .field("cache_read_input_tokens", usage.cacheRead())
                .name("cache_creation").beginObject().field("ephemeral_5m_input_tokens", usage.cacheWrite5m())
                .field("ephemeral_1h_input_tokens", usage.cacheWrite1h()).endObject()
                .field("output_tokens", output).field("service_tier", "standard").endObject();
    }

    /** {@code POST /v1/messages/count_tokens}: the input count the message would have, all of it. */
    void countTokens(HttpExchange exchange, DemoRequest request) throws IOException {
        String body = new JsonWriter().beginObject().field("input_tokens", request.inputTokens()).endObject().toString();
        DemoReplies.json(exchange, 200, "request-id", ids.anthropicRequest(), body);
    }
}
