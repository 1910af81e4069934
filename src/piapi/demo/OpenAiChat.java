package piapi.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;
import piapi.http.JsonWriter;

/**
 * OpenAI's Chat Completions: a {@code chat.completion} as JSON, or {@code chat.completion.chunk}
 * events (the role first, one per token, then the {@code finish_reason}; with
 * {@code stream_options.include_usage} a last chunk with empty choices and the usage) and {@code [DONE]}.
 */
final class OpenAiChat {
    private final DemoIds ids;
    private final Pacing pacing;
    private final Clock clock;

    OpenAiChat(DemoIds ids, Pacing pacing, Clock clock) {
        this.ids = ids;
        this.pacing = pacing;
        this.clock = clock;
    }

    void answer(HttpExchange exchange, String provider, DemoRequest request) throws IOException {
        ReplyText reply = ReplyText.of(provider, request);
        DemoUsage usage = DemoUsage.of(Wire.OPENAI_CHAT, request, reply.tokens().size());
        String finish = reply.truncated() ? "length" : "stop";
        Head head = new Head(ids.chatCompletion(), clock.instant().getEpochSecond(), request.model(), ids.fingerprint());
        if (!request.stream()) {
            if (!Pacing.pause(pacing.whole(reply.tokens().size()))) return;
            JsonWriter json = head.open("chat.completion").name("choices").beginArray().beginObject().field("index", 0)
                    .name("message").beginObject().field("role", "assistant").field("content", reply.joined())
                    .name("refusal").nullValue().name("annotations").beginArray().endArray().endObject()
                    .name("logprobs").nullValue().field("finish_reason", finish).endObject().endArray();
            usage(json.name("usage"), usage);
            json.field("service_tier", "default").field("system_fingerprint", head.fingerprint());
            DemoReplies.json(exchange, 200, "x-request-id", ids.openAiRequest(), json.endObject().toString());
            return;
        }
        EventStream events = EventStream.open(exchange, pacing, "x-request-id", ids.openAiRequest());
        events.data(chunk(head, request, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
        for (String token : reply.tokens()) {
            events.beforeToken();
            events.data(chunk(head, request, new JsonWriter().beginObject().field("content", token).endObject().toString(), null));
        }
        events.data(chunk(head, request, "{}", finish));
        if (request.includeUsage()) {
            JsonWriter last = head.open("chat.completion.chunk").field("service_tier", "default")
                    .field("system_fingerprint", head.fingerprint()).name("choices").beginArray().endArray();
            usage(last.name("usage"), usage);
            events.data(last.endObject().toString());
        }
        events.data("[DONE]");
        events.close();
    }

    /** What every object of one completion repeats. */
    private record Head(String id, long created, String model, String fingerprint) {
        JsonWriter open(String object) {
            return new JsonWriter().beginObject().field("id", id).field("object", object).field("created", created).field("model", model);
        }
    }

    private static String chunk(Head head, DemoRequest request, String delta, String finish) {
        JsonWriter json = head.open("chat.completion.chunk").field("service_tier", "default").field("system_fingerprint", head.fingerprint())
                .name("choices").beginArray().beginObject().field("index", 0).name("delta").rawValue(delta)
                .name("logprobs").nullValue();
        if (finish == null) json.name("finish_reason").nullValue(); else json.field("finish_reason", finish);
        json.endObject().endArray();
        if (request.includeUsage()) json.name("usage").nullValue(); // as the API does: null until the last chunk
        return json.endObject().toString();
    }

    private static void usage(JsonWriter json, DemoUsage usage) {
        json.beginObject().field("prompt_tokens", usage.input()).field("completion_tokens", usage.output())
                .field("total_tokens", usage.total())
                .name("prompt_tokens_details").beginObject().field("cached_tokens", usage.cacheRead()).field("audio_tokens", 0).endObject()
                .name("completion_tokens_details").beginObject().field("reasoning_tokens", usage.reasoning()).field("audio_tokens", 0)
                .field("accepted_prediction_tokens", 0).field("rejected_prediction_tokens", 0).endObject()
                .endObject();
    }
}
