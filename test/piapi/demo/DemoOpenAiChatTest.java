package piapi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.demo.Sse.at;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;

/** OpenAI Chat Completions through the demo gateway: the shapes the OpenAI SDK parses, [DONE] included. */
class DemoOpenAiChatTest extends DemoGatewayTestBase {

    private static final String ASK = """
            {"model":"gpt-4.1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Tell me about the piapi gateway, please"}]}""";

    @Test
    void jsonCompletionHasIdFinishReasonAndUsageWithCachedInsidePrompt() throws Exception {
        HttpResponse<String> r = demo.post("alice", "/piapi/openai/chat/completions", ASK);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("x-request-id").orElseThrow().matches("req_[0-9a-f]{32}"));
        Map<String, Object> m = JsonReader.parseObject(r.body());
        assertTrue(((String) m.get("id")).matches("chatcmpl-[0-9A-Za-z]{29}"), m.toString());
        assertEquals("chat.completion", m.get("object"));
        assertEquals("gpt-4.1", m.get("model"));
        assertTrue((Long) m.get("created") > 1_700_000_000L);
        Map<String, Object> choice = cast(((List<?>) m.get("choices")).get(0));
        assertEquals(0L, choice.get("index"));
        assertEquals("stop", choice.get("finish_reason"));
        assertEquals("assistant", at(choice, "message", "role"));
        String text = (String) at(choice, "message", "content");
        assertTrue(text.contains("Tell me about the piapi gateway, please"), text);
        long prompt = (Long) at(m, "usage", "prompt_tokens");
        long completion = (Long) at(m, "usage", "completion_tokens");
        long cached = (Long) at(m, "usage", "prompt_tokens_details", "cached_tokens");
        assertEquals((ASK.length() + 3) / 4, prompt);
        assertEquals(ReplyText.split(text).size(), completion);
        assertEquals(prompt + completion, at(m, "usage", "total_tokens"));
        assertTrue(cached > 0 && cached < prompt && cached % 16 == 0, "cached tokens are part of the prompt: " + cached);
        assertEquals(0L, at(m, "usage", "completion_tokens_details", "reasoning_tokens"));
    }

    @Test
    void streamWithIncludeUsageEndsWithAUsageChunkAndDone() throws Exception {
        String ask = ASK.replace("{\"model\"", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\"");
        HttpResponse<String> r = demo.post("bob", "/piapi/openai/chat/completions", ask);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<Sse> events = Sse.parse(r.body());
        assertEquals("[DONE]", events.get(events.size() - 1).data());
        List<Map<String, Object>> chunks = events.subList(0, events.size() - 1).stream().map(Sse::json).toList();
        String id = (String) chunks.get(0).get("id");
        assertTrue(id.startsWith("chatcmpl-"));
        StringBuilder text = new StringBuilder();
        int finishes = 0;
        for (Map<String, Object> c : chunks) {
            assertEquals(id, c.get("id"), "every chunk carries the completion's id");
            assertEquals("chat.completion.chunk", c.get("object"));
            assertTrue(c.containsKey("usage"), "with include_usage every chunk has a usage member");
            List<?> choices = (List<?>) c.get("choices");
            if (choices.isEmpty()) continue;
            Map<String, Object> choice = cast(choices.get(0));
            if (at(choice, "delta", "content") instanceof String s) text.append(s);
            if (choice.get("finish_reason") != null) {
                finishes++;
                assertEquals("stop", choice.get("finish_reason"));
            }
        }
        assertEquals(1, finishes);
        assertEquals("assistant", at(cast(((List<?>) chunks.get(0).get("choices")).get(0)), "delta", "role"));
        Map<String, Object> last = chunks.get(chunks.size() - 1);
        assertEquals(List.of(), last.get("choices"), "the usage chunk has no choices");
        assertEquals((long) ReplyText.split(text.toString()).size(), at(last, "usage", "completion_tokens"));
        for (Map<String, Object> c : chunks.subList(0, chunks.size() - 1)) assertEquals(null, c.get("usage"));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageAndCapsSayLength() throws Exception {
        String ask = ASK.replace("{\"model\"", "{\"stream\":true,\"max_completion_tokens\":4,\"model\"");
        List<Sse> events = Sse.parse(demo.post("carol", "/piapi/openai/chat/completions", ask).body());
        assertEquals("[DONE]", events.get(events.size() - 1).data());
        List<Map<String, Object>> chunks = events.subList(0, events.size() - 1).stream().map(Sse::json).toList();
        for (Map<String, Object> c : chunks) assertFalse(c.containsKey("usage"), c.toString());
        Map<String, Object> finish = cast(((List<?>) chunks.get(chunks.size() - 1).get("choices")).get(0));
        assertEquals("length", finish.get("finish_reason"));
        assertEquals(6, chunks.size(), "the role, four tokens, the finish");
    }

    @Test
    void reasoningEffortCountsReasoningTokensInsideTheCompletion() throws Exception {
        String ask = ASK.replace("{\"model\"", "{\"reasoning_effort\":\"low\",\"model\"");
        Map<String, Object> m = JsonReader.parseObject(demo.post("alice", "/piapi/openai/chat/completions", ask).body());
        String text = (String) at(cast(((List<?>) m.get("choices")).get(0)), "message", "content");
        long reasoning = (Long) at(m, "usage", "completion_tokens_details", "reasoning_tokens");
        assertEquals((long) DemoUsage.REASONING_TOKENS, reasoning);
        assertEquals(ReplyText.split(text).size() + reasoning, at(m, "usage", "completion_tokens"));
    }

    @Test
    void modelsComeInOpenAisShape() throws Exception {
        HttpResponse<String> r = demo.client.send(demo.request("/piapi/openai/models").header("Authorization", "Bearer " + demo.key("alice"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> m = JsonReader.parseObject(r.body());
        assertEquals("list", m.get("object"));
        Map<String, Object> first = cast(((List<?>) m.get("data")).get(0));
        assertEquals("model", first.get("object"));
        assertTrue(first.get("id") instanceof String && first.get("created") instanceof Long && first.get("owned_by") instanceof String);
    }
}
