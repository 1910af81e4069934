package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model requested, stream and include_usage, read from the top level of a request body only. */
class RequestScanTest {
    static RequestScan scan(Protocol protocol, String rest, String body) {
        return RequestScan.of(protocol, rest, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theModelRequestedIsReadFromTheTopLevelOfTheRequestBody() {
        RequestScan r = scan(Protocol.ANTHROPIC_MESSAGES, "v1/messages", """
                {"model":"claude-sonnet-4-5-20250929","max_tokens":32000,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stream":true}""");
        assertEquals(new RequestScan("claude-sonnet-4-5-20250929", true, false), r);
    }

    @Test
    void readsIncludeUsageOfAChatCompletionsRequest() {
        assertEquals(new RequestScan("gpt-4.1", true, true), scan(Protocol.OPENAI_CHAT, "v1/chat/completions", """
                {"model": "gpt-4.1", "stream": true, "stream_options": {"include_usage": true}, "messages": []}"""));
        assertEquals(new RequestScan("gpt-4.1", true, false), scan(Protocol.OPENAI_CHAT, "v1/chat/completions", """
                {"model": "gpt-4.1", "stream": true, "stream_options": {"include_usage": false}}"""));
        assertEquals(new RequestScan("gpt-4.1", false, false), scan(Protocol.OPENAI_CHAT, "v1/chat/completions", """
                {"model": "gpt-4.1", "stream_options": null, "stream": false}"""));
    }

    @Test
    void keysInsideNestedValuesAreNeverTakenForTopLevelOnes() {
        RequestScan r = scan(Protocol.OPENAI_RESPONSES, "v1/responses", """
                {"input":[{"role":"user","content":"{\\"model\\":\\"fake\\",\\"stream\\":true}"},
                          {"model":"nested-model","stream":true,"stream_options":{"include_usage":true}}],
                 "metadata":{"model":"also-nested"},
                 "tools":[{"type":"function","parameters":{"properties":{"model":{"type":"string"},"stream":{"type":"boolean"}}}}],
                 "model":"gpt-5-codex"}""");
        assertEquals(new RequestScan("gpt-5-codex", false, false), r);
    }

    @Test
    void decodesEscapesInTheModelAndTakesTheLastOfARepeatedKey() {
        assertEquals("mod\u00e8le-\uD83D\uDE00", scan(Protocol.OPENAI_CHAT, "chat/completions",
                "{\"model\":\"mod\\u00e8le-\\ud83d\\ude00\"}").model());
        assertEquals("second", scan(Protocol.OPENAI_CHAT, "chat/completions", "{\"model\":\"first\",\"model\":\"second\"}").model());
    }

    @Test
    void aBodyWithoutTheFieldsOrNotJsonAtAllGivesNothing() {
        assertEquals(new RequestScan(null, false, false), scan(Protocol.ANTHROPIC_MESSAGES, "v1/messages", "{}"));
        assertEquals(new RequestScan(null, false, false), scan(Protocol.ANTHROPIC_MESSAGES, "v1/messages", ""));
        assertEquals(new RequestScan(null, false, false), scan(Protocol.ANTHROPIC_MESSAGES, "v1/messages", "model=x&stream=true"));
        // fields read before the JSON broke are kept; the upstream will refuse the body anyway
        assertEquals("m", scan(Protocol.ANTHROPIC_MESSAGES, "v1/messages", "{\"model\":\"m\", oops").model());
    }

    @Test
    void geminiNamesTheModelAndStreamingInThePath() {
        assertEquals(new RequestScan("gemini-2.5-pro", true, false),
                scan(Protocol.GEMINI, "v1beta/models/gemini-2.5-pro:streamGenerateContent", "{\"contents\":[]}"));
        assertEquals(new RequestScan("gemini-2.5-flash", false, false),
                scan(Protocol.GEMINI, "v1beta/models/gemini-2.5-flash:generateContent", "{\"model\":\"ignored\"}"));
        assertEquals(new RequestScan("gemini-2.5-flash", true, false),
                scan(Protocol.GEMINI, "v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash%3AstreamGenerateContent", ""));
        // Claude on Vertex AI: the model in the path, stream in the body
        assertEquals(new RequestScan("claude-sonnet-4-5@20250929", true, false), scan(Protocol.ANTHROPIC_MESSAGES,
                "v1/projects/p/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict",
                "{\"anthropic_version\":\"vertex-2023-10-16\",\"messages\":[],\"stream\":true}"));
    }

    @Test
    void aLargeBodyIsReadFromAStreamInFixedMemory() throws IOException {
        // 6 MB of messages before the model: read 16 KiB at a time from a stream, as a body spilled to disk is
        StringBuilder body = new StringBuilder("{\"messages\":[");
        String message = "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + "x\\\"y\\\\z \u00e9 ".repeat(500) + "\"}]},";
        while (body.length() < 6_000_000) body.append(message);
        body.append("{\"role\":\"user\",\"content\":\"end\"}],\"stream\":true,\"model\":\"claude-opus-4-1\"}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream(bytes);
        assertEquals(new RequestScan("claude-opus-4-1", true, false), RequestScan.of(Protocol.ANTHROPIC_MESSAGES, "v1/messages", in));
        assertEquals(-1, in.read());
    }

    @Test
    void streamIsFalseUnlessTrue() {
        assertFalse(scan(Protocol.OPENAI_CHAT, "chat/completions", "{\"stream\":\"true\"}").stream());
        assertFalse(scan(Protocol.OPENAI_CHAT, "chat/completions", "{\"stream\":null}").stream());
        assertTrue(scan(Protocol.OPENAI_CHAT, "chat/completions", "{\"stream\" : true }").stream());
        assertNull(scan(Protocol.OPENAI_CHAT, "chat/completions", "{\"model\":null}").model());
    }
}
