package piapi.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import piapi.http.JsonWriter;

/**
 * OpenAI's Responses API: a {@code response} as JSON, or the event sequence {@code response.created},
 * {@code response.in_progress}, {@code response.output_item.added}, {@code response.content_part.added},
 * one {@code response.output_text.delta} per token, {@code response.output_text.done},
 * {@code response.content_part.done}, {@code response.output_item.done} and {@code response.completed}
 * ({@code response.incomplete} when the token cap cut it), numbered by {@code sequence_number}.
 */
final class OpenAiResponses {
    private final DemoIds ids;
    private final Pacing pacing;
    private final Clock clock;

    OpenAiResponses(DemoIds ids, Pacing pacing, Clock clock) {
        this.ids = ids;
        this.pacing = pacing;
        this.clock = clock;
    }

    /** The response being written: its identity, and the request it answers. */
    private record Draft(String id, String itemId, long createdAt, DemoRequest request) {}

    void answer(HttpExchange exchange, String provider, DemoRequest request) throws IOException {
        ReplyText reply = ReplyText.of(provider, request);
        DemoUsage usage = DemoUsage.of(Wire.OPENAI_RESPONSES, request, reply.tokens().size());
        Draft draft = new Draft(ids.response(), ids.responseItem(), clock.instant().getEpochSecond(), request);
        String status = reply.truncated() ? "incomplete" : "completed";
        if (!request.stream()) {
            if (!Pacing.pause(pacing.whole(reply.tokens().size()))) return;
            DemoReplies.json(exchange, 200, "x-request-id", ids.openAiRequest(), response(draft, status, reply.joined(), usage));
            return;
        }
        EventStream events = EventStream.open(exchange, pacing, "x-request-id", ids.openAiRequest());
        int seq = 0;
        events.event("response.created", event("response.created", seq++).name("response").rawValue(response(draft, "in_progress", null, null))
                .endObject().toString());
        events.event("response.in_progress", event("response.in_progress", seq++).name("response")
                .rawValue(response(draft, "in_progress", null, null)).endObject().toString());
        events.event("response.output_item.added", event("response.output_item.added", seq++).field("output_index", 0)
                .name("item").rawValue(item(draft, "in_progress", null)).endObject().toString());
        events.event("response.content_part.added", part(event("response.content_part.added", seq++), draft).name("part")
                .rawValue(textPart("")).endObject().toString());
        for (String token : reply.tokens()) {
            events.beforeToken();
            events.event("response.output_text.delta", part(event("response.output_text.delta", seq++), draft).field("delta", token)
                    .name("logprobs").beginArray().endArray().endObject().toString());
        }
        String text = reply.joined();
        events.event("response.output_text.done", part(event("response.output_text.done", seq++), draft).field("text", text)
                .name("logprobs").beginArray().endArray().endObject().toString());
        events.event("response.content_part.done", part(event("response.content_part.done", seq++), draft).name("part")
                .rawValue(textPart(text)).endObject().toString());
        events.event("response.output_item.done", event("response.output_item.done", seq++).field("output_index", 0)
                .name("item").rawValue(item(draft, status, text)).endObject().toString());
        String last = "response." + status;
        events.event(last, event(last, seq).name("response").rawValue(response(draft, status, text, usage)).endObject().toString());
        events.close();
    }

    private static JsonWriter event(String type, int sequence) {
        return new JsonWriter().beginObject().field("type", type).field("sequence_number", sequence);
    }

    private static JsonWriter part(JsonWriter event, Draft draft) {
        return event.field("item_id", draft.itemId()).field("output_index", 0).field("content_index", 0);
    }

    private static String textPart(String text) {
        return new JsonWriter().beginObject().field("type", "output_text").name("annotations").beginArray().endArray()
                .name("logprobs").beginArray().endArray().field("text", text).endObject().toString();
    }

    /** The assistant message item; {@code text} null while nothing was written. */
    private static String item(Draft draft, String status, String text) {
        JsonWriter json = new JsonWriter().beginObject().field("id", draft.itemId()).field("type", "message").field("status", status)
                .name("content").beginArray();
        if (text != null) json.rawValue(textPart(text));
        return json.endArray().field("role", "assistant").endObject().toString();
    }

    /** The response object; {@code text} null while nothing was written, {@code usage} null until the end. */
    private static String response(Draft draft, String status, String text, DemoUsage usage) {
        DemoRequest request = draft.request();
        JsonWriter json = new JsonWriter().beginObject().field("id", draft.id()).field("object", "response")
                .field("created_at", draft.createdAt()).field("status", status).field("background", false)
                .name("error").nullValue();
        if (status.equals("incomplete")) {
            json.name("incomplete_details").beginObject().field("reason", "max_output_tokens").endObject();
        } else {
            json.name("incomplete_details").nullValue();
        }
        json.name("instructions").nullValue();
        if (request.maxTokens() > 0) json.field("max_output_tokens", request.maxTokens()); else json.name("max_output_tokens").nullValue();
        json.field("model", request.model()).name("output").beginArray();
        if (text != null) json.rawValue(item(draft, status.equals("in_progress") ? "in_progress" : status, text));
        json.endArray().field("parallel_tool_calls", true).name("previous_response_id").nullValue()
                .name("reasoning").beginObject().name("effort").nullValue().name("summary").nullValue().endObject()
                .field("store", false).field("temperature", 1.0).name("text").beginObject().name("format").beginObject()
                .field("type", "text").endObject().endObject().field("tool_choice", "auto").name("tools").beginArray().endArray()
                .field("top_p", 1.0).field("truncation", "disabled");
        if (usage == null) {
            json.name("usage").nullValue();
        } else {
            json.name("usage").beginObject().field("input_tokens", usage.input())
                    .name("input_tokens_details").beginObject().field("cached_tokens", usage.cacheRead()).endObject()
                    .field("output_tokens", usage.output())
                    .name("output_tokens_details").beginObject().field("reasoning_tokens", usage.reasoning()).endObject()
                    .field("total_tokens", usage.total()).endObject();
        }
        return json.name("user").nullValue().name("metadata").beginObject().endObject().endObject().toString();
    }
}
