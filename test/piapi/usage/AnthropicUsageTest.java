package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.usage.MeterFeed.read;

import org.junit.jupiter.api.Test;

/** Anthropic Messages counting, each rule of the README's "Usage and cost" section proved on a fixture. */
class AnthropicUsageTest {
    @Test
    void totalInputAddsCacheReadsAndCacheWritesToInputTokens() {
        // input_tokens 3 + cache_read_input_tokens 41200 + cache_creation_input_tokens 2318
        assertEquals(43521, read(AnthropicFixtures.CACHED_STREAM).usage().input());
        assertEquals(41200, read(AnthropicFixtures.CACHED_STREAM).usage().cacheRead());
        // the JSON answer: 50 + 10000 + 1500
        assertEquals(11550, read(AnthropicFixtures.JSON_ANSWER).usage().input());
        // cache writes are part of the input, never charged beside it again: the uncached part is input_tokens
        assertEquals(3, read(AnthropicFixtures.CACHED_STREAM).usage().uncachedInput());
        assertEquals(50, read(AnthropicFixtures.JSON_ANSWER).usage().uncachedInput());
    }

    @Test
    void cacheWritesAreSplitIntoFiveMinuteAndOneHourWrites() {
        Usage u = read(AnthropicFixtures.CACHED_STREAM).usage();
        assertEquals(118, u.cacheWrite5m());
        assertEquals(2200, u.cacheWrite1h());
        Usage json = read(AnthropicFixtures.JSON_ANSWER).usage();
        assertEquals(0, json.cacheWrite5m());
        assertEquals(1500, json.cacheWrite1h());
    }

    @Test
    void cacheWritesWithoutTheBreakdownAreFiveMinuteWrites() {
        String answer = """
                {"type":"message","model":"claude-3-5-haiku-20241022","usage":{"input_tokens":10,"cache_creation_input_tokens":700,"cache_read_input_tokens":0,"output_tokens":5}}""";
        Usage u = read(Protocol.ANTHROPIC_MESSAGES, Fixture.JSON, answer).usage();
        assertEquals(710, u.input());
        assertEquals(700, u.cacheWrite5m());
        assertEquals(Usage.ABSENT, u.cacheWrite1h());
    }

    @Test
    void messageDeltaUsageIsCumulativeAndMergedFieldByField() {
        // message_start: output 1, cache writes 0; deltas: output 60 then 99, a 1-hour write of 200 corrected in
        Usage u = read(AnthropicFixtures.CORRECTING_DELTA_STREAM).usage();
        assertEquals(99, u.output());
        assertEquals(200, u.cacheWrite1h());
        assertEquals(0, u.cacheWrite5m());
        assertEquals(1250, u.input());
        // the web search's final delta corrects input_tokens from 2679 to 10682
        assertEquals(10682, read(AnthropicFixtures.WEB_SEARCH_STREAM).usage().input());
        assertEquals(510, read(AnthropicFixtures.WEB_SEARCH_STREAM).usage().output());
    }

    @Test
    void aDeltaZeroOrMissingFieldNeverReplacesAKnownCount() {
        // the delta says input_tokens 0, cache reads 0 and cache writes 0: message_start's counts stand
        Usage u = read(AnthropicFixtures.ZERO_DELTA_STREAM).usage();
        assertEquals(2300, u.input());
        assertEquals(800, u.cacheRead());
        assertEquals(300, u.cacheWrite5m());
        assertEquals(77, u.output());
        // a delta with output_tokens only leaves the cache fields of message_start as they were
        assertEquals(41200, read(AnthropicFixtures.CACHED_STREAM).usage().cacheRead());
    }

    @Test
    void webSearchesAreCountedFromServerToolUse() {
        assertEquals(1, read(AnthropicFixtures.WEB_SEARCH_STREAM).usage().webSearches());
        assertEquals(2, read(AnthropicFixtures.JSON_ANSWER).usage().webSearches());
        assertEquals(Usage.ABSENT, read(AnthropicFixtures.CACHED_STREAM).usage().webSearches());
    }

    @Test
    void theModelAnsweredComesFromMessageStartOrTheAnswer() {
        assertEquals("claude-sonnet-4-5-20250929", read(AnthropicFixtures.CACHED_STREAM).modelAnswered());
        assertEquals("claude-opus-4-1-20250805", read(AnthropicFixtures.JSON_ANSWER).modelAnswered());
    }

    @Test
    void stringsThatLookLikeUsageAreNeverCounted() {
        // thinking text and a tool call's streamed JSON both spell {"usage": {"output_tokens": ...}}
        assertEquals(412, read(AnthropicFixtures.CACHED_STREAM).usage().output());
        assertEquals(321, read(AnthropicFixtures.JSON_ANSWER).usage().output());
    }
}
