package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.usage.MeterFeed.read;

import org.junit.jupiter.api.Test;

/** OpenAI Chat Completions and Responses counting, each rule of the README's "Usage and cost" section. */
class OpenAiUsageTest {
    @Test
    void cachedTokensAreInsideTheInputAndReasoningInsideTheOutputNeverAddedTwice() {
        Usage chat = read(OpenAiFixtures.CHAT_STREAM_WITH_USAGE).usage();
        assertEquals(1200, chat.input()); // prompt_tokens, of which 1024 cached
        assertEquals(1024, chat.cacheRead());
        assertEquals(176, chat.uncachedInput());
        assertEquals(350, chat.output()); // completion_tokens, of which 128 reasoning
        assertEquals(128, chat.reasoning());
        assertEquals(1550, chat.totalTokens()); // the answer's own total_tokens
        Usage responses = read(OpenAiFixtures.RESPONSES_COMPLETED).usage();
        assertEquals(4000, responses.input());
        assertEquals(3500, responses.cacheRead());
        assertEquals(900, responses.output());
        assertEquals(600, responses.reasoning());
        assertEquals(4900, responses.totalTokens());
        assertEquals(1163, read(OpenAiFixtures.CHAT_JSON_ANSWER).usage().totalTokens());
    }

    @Test
    void aStreamedChatCompletionCarriesUsageOnlyWithIncludeUsage() {
        UsageReading with = read(OpenAiFixtures.CHAT_STREAM_WITH_USAGE);
        assertEquals(UsageReading.State.COMPLETE, with.state());
        UsageReading without = read(OpenAiFixtures.CHAT_STREAM_WITHOUT_USAGE);
        assertEquals(UsageReading.State.UNKNOWN, without.state());
        assertEquals(Usage.UNKNOWN, without.usage());
        assertEquals("gpt-4.1-mini-2025-04-14", without.modelAnswered());
    }

    @Test
    void responsesUsageComesFromResponseCompleted() {
        assertEquals(OpenAiFixtures.RESPONSES_COMPLETED.usage(), read(OpenAiFixtures.RESPONSES_COMPLETED).usage());
    }

    @Test
    void responsesUsageComesFromResponseIncomplete() {
        UsageReading r = read(OpenAiFixtures.RESPONSES_INCOMPLETE);
        assertEquals(UsageReading.State.COMPLETE, r.state());
        assertEquals(4096, r.usage().output());
    }

    @Test
    void responsesUsageComesFromResponseFailed() {
        UsageReading r = read(OpenAiFixtures.RESPONSES_FAILED);
        assertEquals(1500, r.usage().input());
        assertEquals(37, r.usage().output());
    }

    @Test
    void responsesUsageOnAnyOtherEventIsIgnored() {
        String stream = """
                event: response.in_progress
                data: {"type":"response.in_progress","response":{"model":"gpt-5","usage":{"input_tokens":10,"output_tokens":1}}}

                event: response.output_item.done
                data: {"type":"response.output_item.done","item":{"type":"message"},"response":{"usage":{"input_tokens":11,"output_tokens":2}}}

                """;
        UsageReading r = read(Protocol.OPENAI_RESPONSES, Fixture.SSE, stream);
        assertEquals(UsageReading.State.UNKNOWN, r.state());
        assertEquals(Usage.UNKNOWN, r.usage());
        // the same usage on a terminal event counts, its kind taken from the event: line when the JSON has no type
        String terminal = stream + """
                event: response.completed
                data: {"response":{"model":"gpt-5","usage":{"input_tokens":12,"output_tokens":3}}}

                """;
        assertEquals(12, read(Protocol.OPENAI_RESPONSES, Fixture.SSE, terminal).usage().input());
    }

    @Test
    void responsesWebSearchesAreTheWebSearchCallItemsOfTheOutput() {
        // the stream's output_item events name the same call; only the completed response's output counts
        assertEquals(1, read(OpenAiFixtures.RESPONSES_COMPLETED).usage().webSearches());
        assertEquals(0, read(OpenAiFixtures.RESPONSES_JSON_ANSWER).usage().webSearches());
    }

    @Test
    void theModelAnsweredComesFromTheAnswer() {
        assertEquals("o4-mini-2025-04-16", read(OpenAiFixtures.CHAT_STREAM_WITH_USAGE).modelAnswered());
        assertEquals("gpt-5-codex", read(OpenAiFixtures.RESPONSES_COMPLETED).modelAnswered());
        assertEquals("gpt-4.1-2025-04-14", read(OpenAiFixtures.RESPONSES_JSON_ANSWER).modelAnswered());
    }
}
