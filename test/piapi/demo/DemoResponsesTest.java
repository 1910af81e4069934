package piapi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.demo.Sse.at;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;

/** OpenAI Responses through the demo gateway: what the Codex CLI and the SDK parse. */
class DemoResponsesTest extends DemoGatewayTestBase {

    /** Shaped like Codex's requests: instructions, a list of input items, reasoning, a stream. */
    private static final String CODEX = """
            {"model":"gpt-5-codex","instructions":"You are Codex.","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"list the files"}]}],"tools":[],"reasoning":{"effort":"medium","summary":"auto"},"store":false,"stream":true}""";

    @Test
    void jsonResponseHasIdStatusOutputAndUsageDetails() throws Exception {
        HttpResponse<String> r = demo.post("alice", "/piapi/codex/responses", CODEX.replace("\"stream\":true", "\"stream\":false"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("x-request-id").orElseThrow().startsWith("req_"));
        Map<String, Object> m = JsonReader.parseObject(r.body());
        assertTrue(((String) m.get("id")).matches("resp_[0-9a-f]{48}"), m.toString());
        assertEquals("response", m.get("object"));
        assertEquals("completed", m.get("status"));
        assertEquals("gpt-5-codex", m.get("model"));
        Map<String, Object> item = cast(((List<?>) m.get("output")).get(0));
        assertEquals("message", item.get("type"));
        assertEquals("assistant", item.get("role"));
        assertEquals("completed", item.get("status"));
        Map<String, Object> part = cast(((List<?>) item.get("content")).get(0));
        assertEquals("output_text", part.get("type"));
        String text = (String) part.get("text");
        assertTrue(text.contains("list the files"), text);
        assertUsage(cast(m.get("usage")), text, CODEX.length() + 1); // "false" is one byte longer than "true"
    }

    private static void assertUsage(Map<String, Object> usage, String text, int requestBytes) {
        long input = (Long) usage.get("input_tokens");
        long output = (Long) usage.get("output_tokens");
        long reasoning = (Long) at(usage, "output_tokens_details", "reasoning_tokens");
        long cached = (Long) at(usage, "input_tokens_details", "cached_tokens");
        assertEquals((requestBytes + 3) / 4, input);
        assertEquals(DemoUsage.REASONING_TOKENS, reasoning, "the request asked for reasoning");
        assertEquals(ReplyText.split(text).size() + reasoning, output, "reasoning tokens are part of the output");
        assertTrue(cached > 0 && cached < input, "cached tokens are part of the input: " + usage);
        assertEquals(input + output, usage.get("total_tokens"));
    }

    @Test
    void streamSendsTheEventSequenceCodexWaitsFor() throws Exception {
        HttpResponse<String> r = demo.post("bob", "/piapi/codex/responses", CODEX);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<Sse> events = Sse.parse(r.body());
        List<String> names = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> data = events.get(i).json();
            names.add(events.get(i).event());
            assertEquals(events.get(i).event(), data.get("type"));
            assertEquals((long) i, data.get("sequence_number"), "sequence numbers count the events from 0");
            if (events.get(i).event().equals("response.output_text.delta")) text.append(data.get("delta"));
        }
        int deltas = names.size() - 8;
        List<String> expected = new ArrayList<>(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added"));
        for (int i = 0; i < deltas; i++) expected.add("response.output_text.delta");
        expected.addAll(List.of("response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"));
        assertEquals(expected, names);
        Map<String, Object> created = events.get(0).json();
        Map<String, Object> completed = events.get(events.size() - 1).json();
        String id = (String) at(created, "response", "id");
        assertTrue(id.startsWith("resp_"));
        assertEquals("in_progress", at(created, "response", "status"));
        assertEquals(null, at(created, "response", "usage"));
        assertEquals(id, at(completed, "response", "id"), "response.completed names the response created");
        assertEquals("completed", at(completed, "response", "status"));
        assertEquals(text.toString(), events.get(events.size() - 4).json().get("text"), "output_text.done repeats the deltas");
        Map<String, Object> done = cast(events.get(events.size() - 2).json().get("item"));
        assertEquals("message", done.get("type"));
        assertEquals("assistant", done.get("role"));
        assertUsage(cast(at(completed, "response", "usage")), text.toString(), CODEX.length());
    }

    @Test
    void aTokenCapEndsWithResponseIncomplete() throws Exception {
        String capped = CODEX.replace("\"store\":false", "\"store\":false,\"max_output_tokens\":2");
        List<Sse> events = Sse.parse(demo.post("carol", "/piapi/codex/responses", capped).body());
        Map<String, Object> last = events.get(events.size() - 1).json();
        assertEquals("response.incomplete", last.get("type"));
        assertEquals("incomplete", at(last, "response", "status"));
        assertEquals("max_output_tokens", at(last, "response", "incomplete_details", "reason"));
        assertEquals(2L, events.stream().filter(e -> e.event().equals("response.output_text.delta")).count());
    }
}
