package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.usage.MeterFeed.read;

import org.junit.jupiter.api.Test;

/** Gemini counting, each rule of the README's "Usage and cost" section. */
class GeminiUsageTest {
    @Test
    void theUsageMetadataOfTheLastChunkWins() {
        // chunk 1: candidates absent; chunk 2: 40; chunk 3: 120 (each cumulative)
        assertEquals(620, read(GeminiFixtures.SSE_STREAM).usage().output());
        assertEquals(620, read(GeminiFixtures.JSON_ARRAY_STREAM).usage().output());
        String lastWithoutThoughts = """
                data: {"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":3,"thoughtsTokenCount":7},"modelVersion":"gemini-2.5-flash"}

                data: {"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":4},"modelVersion":"gemini-2.5-flash"}

                """;
        Usage u = read(Protocol.GEMINI, Fixture.SSE, lastWithoutThoughts).usage();
        assertEquals(4, u.output());
        assertEquals(Usage.ABSENT, u.reasoning());
    }

    @Test
    void thoughtsAreAddedToTheOutput() {
        Usage u = read(GeminiFixtures.SSE_STREAM).usage();
        assertEquals(500, u.reasoning());
        assertEquals(120 + 500, u.output());
        assertEquals(9620, u.totalTokens()); // the answer's own totalTokenCount
    }

    @Test
    void cachedContentIsInsideThePromptCount() {
        Usage u = read(GeminiFixtures.SSE_STREAM).usage();
        assertEquals(9000, u.input());
        assertEquals(8000, u.cacheRead());
        assertEquals(1000, u.uncachedInput());
    }

    @Test
    void toolUsePromptTokensAreAddedToTheInput() {
        Usage u = read(GeminiFixtures.JSON_ANSWER).usage();
        assertEquals(150, u.input());
        assertEquals(200, u.totalTokens()); // the answer's own totalTokenCount
    }

    @Test
    void theModelAnsweredIsTheModelVersion() {
        assertEquals("gemini-2.5-pro", read(GeminiFixtures.JSON_ARRAY_STREAM).modelAnswered());
        assertEquals("gemini-2.5-flash", read(GeminiFixtures.JSON_ANSWER).modelAnswered());
    }
}
