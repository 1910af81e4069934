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

/** Anthropic Messages through the demo gateway: the shapes the Anthropic SDK and Claude Code parse. */
class DemoAnthropicTest extends DemoGatewayTestBase {

    private static final String ASK = """
            {"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":[{"type":"text","text":"What is piapi?"}]}]}""";

    @Test
    void jsonMessageHasIdStopReasonAndConsistentUsage() throws Exception {
        HttpResponse<String> r = demo.post("alice", "/piapi/claude_code/v1/messages", ASK);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("request-id").orElseThrow().startsWith("req_011C"), r.headers().toString());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        Map<String, Object> m = JsonReader.parseObject(r.body());
        assertTrue(((String) m.get("id")).matches("msg_01[0-9A-Za-z]{22}"), m.toString());
        assertEquals("message", m.get("type"));
        assertEquals("assistant", m.get("role"));
        assertEquals("claude-sonnet-4-5", m.get("model"));
        assertEquals("end_turn", m.get("stop_reason"));
        assertTrue(m.containsKey("stop_sequence") && m.get("stop_sequence") == null);
        List<?> content = (List<?>) m.get("content");
        String text = (String) at(cast(content.get(0)), "text");
        assertEquals("text", at(cast(content.get(0)), "type"));
        assertTrue(text.contains("What is piapi?"), text);
        long output = (Long) at(m, "usage", "output_tokens");
        assertEquals(ReplyText.split(text).size(), output);
        assertEquals((ASK.length() + 3) / 4, (Long) at(m, "usage", "input_tokens"), "no cache_control: every input token is uncached");
        assertEquals(0L, at(m, "usage", "cache_read_input_tokens"));
        assertEquals(0L, at(m, "usage", "cache_creation_input_tokens"));
        assertEquals(0L, at(m, "usage", "cache_creation", "ephemeral_1h_input_tokens"));
    }

    @Test
    void cacheControlShowsReadsAndOneHourWritesThatAddUpToTheInput() throws Exception {
        String ask = """
                {"model":"claude-sonnet-4-5","max_tokens":1024,"system":[{"type":"text","text":"You are a careful assistant who reads the whole repository first.","cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"user","content":"Hello"}]}""";
        Map<String, Object> m = JsonReader.parseObject(demo.post("alice", "/piapi/claude_code/v1/messages", ask).body());
        long uncached = (Long) at(m, "usage", "input_tokens");
        long read = (Long) at(m, "usage", "cache_read_input_tokens");
        long write = (Long) at(m, "usage", "cache_creation_input_tokens");
        assertTrue(read > 0 && write > 0 && uncached > 0, m.toString());
        assertEquals(write, at(m, "usage", "cache_creation", "ephemeral_1h_input_tokens"));
        assertEquals(0L, at(m, "usage", "cache_creation", "ephemeral_5m_input_tokens"));
        assertEquals((ask.length() + 3) / 4, uncached + read + write, "input_tokens + cache reads + cache writes = all input");
        HttpResponse<String> count = demo.post("alice", "/piapi/claude_code/v1/messages/count_tokens", ask);
        assertEquals(200, count.statusCode(), count.body());
        assertEquals(Map.of("input_tokens", uncached + read + write), JsonReader.parseObject(count.body()));
    }

    @Test
    void streamSendsTheEventsInOrderWithCumulativeUsage() throws Exception {
        String ask = ASK.replace("\"max_tokens\":1024,", "\"max_tokens\":1024,\"stream\":true,");
        HttpResponse<String> r = demo.post("alice", "/piapi/claude_code/v1/messages", ask);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        assertTrue(r.headers().firstValue("request-id").isPresent());
        List<Sse> events = Sse.parse(r.body());
        List<String> names = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Sse e : events) {
            names.add(e.event());
            assertEquals(e.event(), e.json().get("type"), "each event's data names its own type");
            if (e.event().equals("content_block_delta")) text.append(at(e.json(), "delta", "text"));
        }
        int deltas = names.size() - 6;
        List<String> expected = new ArrayList<>(List.of("message_start", "content_block_start", "ping"));
        for (int i = 0; i < deltas; i++) expected.add("content_block_delta");
        expected.addAll(List.of("content_block_stop", "message_delta", "message_stop"));
        assertEquals(expected, names);
        Map<String, Object> start = events.get(0).json();
        assertTrue(((String) at(start, "message", "id")).startsWith("msg_01"));
        assertEquals(null, at(start, "message", "stop_reason"));
        assertEquals(1L, at(start, "message", "usage", "output_tokens"));
        long input = (Long) at(start, "message", "usage", "input_tokens");
        Map<String, Object> delta = events.get(events.size() - 2).json();
        assertEquals("end_turn", at(delta, "delta", "stop_reason"));
        assertEquals((long) deltas, at(delta, "usage", "output_tokens"));
        assertEquals(input, at(delta, "usage", "input_tokens"), "message_delta usage is cumulative");
        assertEquals(ReplyText.split(text.toString()).size(), deltas);
    }

    @Test
    void aTokenCapEndsWithStopReasonMaxTokens() throws Exception {
        String ask = ASK.replace("\"max_tokens\":1024", "\"max_tokens\":3,\"stream\":true");
        List<Sse> events = Sse.parse(demo.post("alice", "/piapi/claude_code/v1/messages", ask).body());
        assertEquals(3, events.stream().filter(e -> e.event().equals("content_block_delta")).count());
        Map<String, Object> delta = events.get(events.size() - 2).json();
        assertEquals("max_tokens", at(delta, "delta", "stop_reason"));
        assertEquals(3L, at(delta, "usage", "output_tokens"));
    }

    @Test
    void modelsComeInAnthropicsShapeForAnthropicClients() throws Exception {
        HttpResponse<String> r = demo.client.send(demo.request("/piapi/claude_code/v1/models").header("x-api-key", demo.key("alice"))
                .header("anthropic-version", "2023-06-01").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> m = JsonReader.parseObject(r.body());
        List<?> data = (List<?>) m.get("data");
        assertTrue(data.size() >= 2);
        Map<String, Object> first = cast(data.get(0));
        assertEquals("model", first.get("type"));
        assertTrue(((String) first.get("id")).startsWith("claude-"));
        assertTrue(first.containsKey("display_name") && first.containsKey("created_at"));
        assertEquals(false, m.get("has_more"));
        assertEquals(first.get("id"), m.get("first_id"));
    }
}
