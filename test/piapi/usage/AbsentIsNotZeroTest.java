package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static piapi.usage.MeterFeed.feed;
import static piapi.usage.MeterFeed.read;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Absent is not zero: unknown stays unknown, an explicit 0 stays 0, a broken answer records what was seen, nothing is estimated. */
class AbsentIsNotZeroTest {
    @Test
    void anAnswerWithoutUsageIsUnknownNeverZero() {
        assertUnknown(read(OpenAiFixtures.CHAT_STREAM_WITHOUT_USAGE));
        assertUnknown(read(AnthropicFixtures.ERROR_BODY));
        assertUnknown(read(OpenAiFixtures.CHAT_ERROR_BODY));
        assertUnknown(read(Protocol.ANTHROPIC_MESSAGES, "text/html", "<html><body>502 Bad Gateway</body></html>"));
        assertUnknown(read(Protocol.OPENAI_RESPONSES, Fixture.SSE, ""));
        assertUnknown(read(Protocol.OPENAI_CHAT, Fixture.JSON, "{\"usage\":null,\"model\":\"gpt-5\"}"));
        // a path whose protocol is not one of the five is passed through unread
        assertUnknown(read(Protocol.OTHER, Fixture.JSON, "{\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}"));
    }

    @Test
    void anExplicitZeroStaysZero() {
        UsageReading r = read(AnthropicFixtures.ZERO_JSON_ANSWER);
        assertEquals(UsageReading.State.COMPLETE, r.state());
        assertEquals(0, r.usage().input());
        assertEquals(0, r.usage().output());
        assertEquals(0, r.usage().cacheRead());
        assertEquals(0, read(OpenAiFixtures.RESPONSES_FAILED).usage().reasoning());
        assertEquals(0, read(OpenAiFixtures.RESPONSES_INCOMPLETE).usage().cacheRead());
    }

    @Test
    void aClientThatLeavesRecordsWhatWasSeenAsPartial() {
        byte[] body = AnthropicFixtures.CACHED_STREAM.bytes();
        int afterMessageStart = indexAfter(body, "\"service_tier\":\"standard\"}}}\n\n");
        UsageReading early = feed(Protocol.ANTHROPIC_MESSAGES, Fixture.SSE, null, java.util.Arrays.copyOf(body, afterMessageStart), false);
        assertEquals(UsageReading.State.PARTIAL, early.state());
        assertEquals(43521, early.usage().input());
        assertEquals(1, early.usage().output()); // what message_start said, not a guess at the rest
        UsageReading whole = feed(Protocol.ANTHROPIC_MESSAGES, Fixture.SSE, null, body, false);
        assertEquals(UsageReading.State.PARTIAL, whole.state());
        assertEquals(AnthropicFixtures.CACHED_STREAM.usage(), whole.usage());
    }

    @Test
    void anUpstreamThatBreaksOffRecordsWhatWasSeenAsPartial() {
        byte[] body = GeminiFixtures.SSE_STREAM.bytes();
        int intoThirdChunk = indexAfter(body, "\"thoughtsTokenCount\": 500},\"modelVersion\": \"gemini-2.5-pro\",\"responseId\": \"mAitaOv4J8Gk1e8P1uWBmQI\"}\n\ndata: ") + 40;
        UsageReading r = feed(Protocol.GEMINI, Fixture.SSE, null, java.util.Arrays.copyOf(body, intoThirdChunk), false);
        assertEquals(UsageReading.State.PARTIAL, r.state());
        assertEquals(40 + 500, r.usage().output()); // the second chunk's counts: the third never arrived whole
    }

    @Test
    void anAnthropicStreamThatEndsWithoutItsFinalUsageIsPartial() {
        UsageReading r = read(AnthropicFixtures.ERROR_MID_STREAM);
        assertEquals(UsageReading.State.PARTIAL, r.state());
        assertEquals(500, r.usage().input());
    }

    @Test
    void nothingIsEstimatedFromAnEventCutOffMidWay() {
        byte[] body = OpenAiFixtures.CHAT_STREAM_WITH_USAGE.bytes();
        int insideUsage = indexAfter(body, "\"completion_tokens\":350,");
        UsageReading r = feed(Protocol.OPENAI_CHAT, Fixture.SSE, null, java.util.Arrays.copyOf(body, insideUsage), false);
        assertUnknown(r); // prompt_tokens 1200 had arrived, but its event never did: no count from half an event
        assertEquals("o4-mini-2025-04-16", r.modelAnswered());
    }

    @Test
    void anEventNotDispatchedWhenTheStreamEndsIsDropped() {
        String noBlankLine = "data: {\"model\":\"gpt-5\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}\n";
        assertUnknown(read(Protocol.OPENAI_CHAT, Fixture.SSE, noBlankLine));
        assertEquals(9, read(Protocol.OPENAI_CHAT, Fixture.SSE, noBlankLine + "\n").usage().input());
    }

    @Test
    void countTokensCountsNothingAndCostsNothing() {
        UsageReading r = read(Protocol.ANTHROPIC_COUNT_TOKENS, Fixture.JSON, "{\"input_tokens\":2095}");
        assertEquals(UsageReading.State.COMPLETE, r.state());
        assertEquals(Usage.ZERO, r.usage());
        assertNull(r.modelAnswered());
        assertEquals(0, Pricing.NONE.cost("claude-sonnet-4-5", r.usage()));
    }

    static void assertUnknown(UsageReading r) {
        assertEquals(UsageReading.State.UNKNOWN, r.state());
        assertEquals(Usage.UNKNOWN, r.usage());
    }

    static int indexAfter(byte[] body, String marker) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(new String(marker.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        if (at < 0) throw new AssertionError("marker not in fixture: " + marker);
        return at + marker.getBytes(StandardCharsets.UTF_8).length;
    }
}
