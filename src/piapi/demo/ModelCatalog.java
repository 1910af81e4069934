package piapi.demo;

import java.util.List;
import java.util.stream.Stream;
import piapi.http.JsonWriter;

/** {@code GET /models} and {@code GET /v1/models} in each vendor's shape. The demo answers any model asked for. */
final class ModelCatalog {
    private ModelCatalog() {}

    private record AnthropicModel(String id, String displayName, String createdAt) {}

    private record OpenAiModel(String id, long created) {}

    private static final List<AnthropicModel> ANTHROPIC = List.of(
            new AnthropicModel("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z"),
            new AnthropicModel("claude-haiku-4-5-20251001", "Claude Haiku 4.5", "2025-10-01T00:00:00Z"),
            new AnthropicModel("claude-opus-4-1-20250805", "Claude Opus 4.1", "2025-08-05T00:00:00Z"));

    private static final List<OpenAiModel> OPENAI = List.of(
            new OpenAiModel("gpt-5", 1754425777L), new OpenAiModel("gpt-5-codex", 1757894400L),
            new OpenAiModel("gpt-4.1", 1744316542L), new OpenAiModel("gpt-4.1-mini", 1744318173L));

    /** Every model id the catalog lists, Anthropic's first. */
    static List<String> ids() {
        return Stream.concat(ANTHROPIC.stream().map(AnthropicModel::id), OPENAI.stream().map(OpenAiModel::id)).toList();
    }

    /** Anthropic's list: {@code data} of {@code type: model}, paged by {@code first_id}/{@code last_id}. */
    static String anthropic() {
        JsonWriter json = new JsonWriter().beginObject().name("data").beginArray();
        for (AnthropicModel m : ANTHROPIC) {
            json.beginObject().field("type", "model").field("id", m.id()).field("display_name", m.displayName())
                    .field("created_at", m.createdAt()).endObject();
        }
        return json.endArray().field("has_more", false).field("first_id", ANTHROPIC.get(0).id())
                .field("last_id", ANTHROPIC.get(ANTHROPIC.size() - 1).id()).endObject().toString();
    }

    /** OpenAI's list: {@code object: list} with {@code data} of {@code object: model}. */
    static String openAi() {
        JsonWriter json = new JsonWriter().beginObject().field("object", "list").name("data").beginArray();
        for (OpenAiModel m : OPENAI) {
            json.beginObject().field("id", m.id()).field("object", "model").field("created", m.created()).field("owned_by", "system").endObject();
        }
        return json.endArray().endObject().toString();
    }
}
