package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.usage.MeterFeed.assertEveryChunking;
import static piapi.usage.MeterFeed.assertReads;
import static piapi.usage.MeterFeed.feed;
import static piapi.usage.MeterFeed.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SSE framing edge cases the field got wrong, each read exactly however the bytes are split. */
class SseFramingTest {
    @Test
    void aCrlfSplitAcrossTwoReadsIsOneLineEnd() {
        // the Chat fixture's usage chunk spans three data lines: a CR LF counted as two line ends would cut it in two
        Fixture f = OpenAiFixtures.CHAT_STREAM_WITH_USAGE.crlf();
        byte[] body = f.bytes();
        List<Integer> betweenCrAndLf = new ArrayList<>();
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') betweenCrAndLf.add(i + 1);
        }
        assertTrue(betweenCrAndLf.size() > 10, "CR LF pairs: " + betweenCrAndLf.size());
        int[] cuts = betweenCrAndLf.stream().mapToInt(Integer::intValue).toArray();
        assertReads(f, feed(f.protocol(), f.contentType(), null, body, true, cuts), "cut between every CR and its LF");
    }

    @Test
    void aUtf8CharacterSplitAcrossReadsIsReadWhole() {
        String model = "mod\u00e8le-\u65e5\u672c-\uD83D\uDE00"; // 2-, 3- and 4-byte characters
        Fixture raw = new Fixture("model id in raw UTF-8", Protocol.OPENAI_CHAT, Fixture.SSE,
                "data: {\"model\":\"" + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\n",
                Fixture.usage(7, Fixture.ABSENT, Fixture.ABSENT, Fixture.ABSENT, 2, Fixture.ABSENT, Fixture.ABSENT), model,
                UsageReading.State.COMPLETE);
        assertEveryChunking(raw, null, raw.bytes());
        Fixture escaped = new Fixture("model id in JSON escapes", Protocol.OPENAI_CHAT, Fixture.SSE,
                "data: {\"model\":\"mod\\u00e8le-\\u65e5\\u672c-\\ud83d\\ude00\",\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\n",
                raw.usage(), model, UsageReading.State.COMPLETE);
        assertEveryChunking(escaped, null, escaped.bytes());
    }

    @Test
    void dataWithNoSpaceAfterTheColonIsTheSameData() {
        Fixture spaced = AnthropicFixtures.CACHED_STREAM;
        Fixture tight = new Fixture("anthropic stream written data: with no space", spaced.protocol(), spaced.contentType(),
                spaced.text().replace("data: ", "data:").replace("event: ", "event:"), spaced.usage(), spaced.model(), spaced.state());
        assertEveryChunking(tight, null, tight.bytes());
    }

    @Test
    void u2028InsideAJsonStringIsNotALineBreak() {
        // U+2028 (E2 80 A8) sits in the text before the usage of Gemini's last chunk and of response.completed
        for (Fixture f : List.of(GeminiFixtures.SSE_STREAM, OpenAiFixtures.RESPONSES_COMPLETED)) {
            byte[] body = f.bytes();
            int at = indexOf(body, "\u2028".getBytes(StandardCharsets.UTF_8));
            assertTrue(at > 0, f.name());
            assertReads(f, feed(f.protocol(), f.contentType(), null, body, true, at, at + 1, at + 2, at + 3), "cut around U+2028");
        }
    }

    @Test
    void commentsIdsRetriesAndUnknownFieldsAreIgnored() {
        String stream = """
                : comment with "usage":{"prompt_tokens":999}
                id: 1
                retry: 10
                usage: {"prompt_tokens": 888}
                data: {"model":"m","usage":{"prompt_tokens":5,"completion_tokens":1}}
                :another comment

                """;
        assertEquals(5, read(Protocol.OPENAI_CHAT, Fixture.SSE, stream).usage().input());
    }

    @Test
    void aByteOrderMarkOpeningTheStreamIsSkipped() {
        String stream = "\uFEFFdata: {\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n";
        assertEquals(5, read(Protocol.OPENAI_CHAT, Fixture.SSE, stream).usage().input());
    }

    @Test
    void anEventOfAnySizeIsReadWithoutBeingBuffered() {
        // a response.completed of 8 MB (the whole output text) before its usage, relayed 8 KiB at a time
        String text = "All work and no play \\\"quoted\\\" \u00e9 ".repeat(250_000);
        String stream = "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-5\",\"output\":[{\"type\":\"message\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"" + text + "\"}]}],\"usage\":{\"input_tokens\":10,\"output_tokens\":2000000}}}\n\n";
        byte[] body = stream.getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 8_000_000);
        int[] cuts = new int[body.length / 8192];
        for (int i = 0; i < cuts.length; i++) cuts[i] = (i + 1) * 8192;
        UsageReading r = feed(Protocol.OPENAI_RESPONSES, Fixture.SSE, null, body, true, cuts);
        assertEquals(2_000_000, r.usage().output());
        assertEquals("gpt-5", r.modelAnswered());
    }

    @Test
    void aModelIdLongerThanTheBoundIsNotRecordedAndIsCounted() {
        String stream = "data: {\"model\":\"" + "m".repeat(300) + "\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n";
        UsageReading r = read(Protocol.OPENAI_CHAT, Fixture.SSE, stream);
        assertNull(r.modelAnswered());
        assertEquals(5, r.usage().input());
        assertEquals(java.util.Set.of(MeterIssue.MODEL_TOO_LONG), r.issues());
    }

    @Test
    void nestingDeeperThanTheBoundStopsOnlyThatEventAndIsCounted() {
        String deep = "[".repeat(JsonScanner.MAX_DEPTH + 10);
        String stream = "data: {\"x\":" + deep + "\n\ndata: {\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n";
        UsageReading r = read(Protocol.OPENAI_CHAT, Fixture.SSE, stream);
        assertEquals(5, r.usage().input());
        assertEquals(java.util.Set.of(MeterIssue.NESTING_TOO_DEEP), r.issues());
    }

    @Test
    void withoutAContentTypeTheFirstByteTellsJsonFromEvents() {
        assertReads(AnthropicFixtures.CACHED_STREAM, feed(Protocol.ANTHROPIC_MESSAGES, null, null, AnthropicFixtures.CACHED_STREAM.bytes(), true),
                "no content type");
        assertReads(AnthropicFixtures.JSON_ANSWER, feed(Protocol.ANTHROPIC_MESSAGES, "text/plain", null, AnthropicFixtures.JSON_ANSWER.bytes(), true),
                "text/plain");
    }

    static int indexOf(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
