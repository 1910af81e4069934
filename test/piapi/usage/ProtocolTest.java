package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The protocol is decided once per request from the path after the service type and the anthropic-version header. */
class ProtocolTest {
    @ParameterizedTest(name = "{0} (anthropic-version {1}) -> {2}")
    @CsvSource(nullValues = "-", value = {
        "v1/messages, -, ANTHROPIC_MESSAGES",
        "v1/messages/, -, ANTHROPIC_MESSAGES",
        "api/v1/messages, -, ANTHROPIC_MESSAGES",
        "messages, 2023-06-01, ANTHROPIC_MESSAGES",
        "messages, -, OTHER",
        "v1/threads/thread_abc/messages, -, OTHER",
        "v1/messages/count_tokens, 2023-06-01, ANTHROPIC_COUNT_TOKENS",
        "messages/count_tokens, -, ANTHROPIC_COUNT_TOKENS",
        "v1/messages/batches, 2023-06-01, OTHER",
        "v1/chat/completions, -, OPENAI_CHAT",
        "chat/completions, -, OPENAI_CHAT",
        "v1beta/openai/chat/completions, -, OPENAI_CHAT",
        "v1/completions, -, OTHER",
        "v1/responses, -, OPENAI_RESPONSES",
        "responses, -, OPENAI_RESPONSES",
        "v1/responses/resp_123, -, OTHER",
        "v1/embeddings, -, OTHER",
        "v1beta/models/gemini-2.5-pro:generateContent, -, GEMINI",
        "v1beta/models/gemini-2.5-pro:streamGenerateContent, -, GEMINI",
        "v1beta/models/gemini-2.5-pro%3AstreamGenerateContent, -, GEMINI",
        "v1beta/models/gemini-2.5-pro:countTokens, -, OTHER",
        "v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:streamGenerateContent, -, GEMINI",
        "v1/projects/p/locations/l/publishers/anthropic/models/claude-sonnet-4-5:streamRawPredict, -, ANTHROPIC_MESSAGES",
        "v1/projects/p/locations/l/publishers/anthropic/models/count-tokens:rawPredict, -, ANTHROPIC_COUNT_TOKENS",
        "v1/projects/p/locations/l/publishers/meta/models/llama:rawPredict, -, OTHER",
        "'', -, OTHER",
        "v1/models, -, OTHER",
    })
    void usageIsReadFromAnthropicOpenAiAndGeminiPathsAndOthersPassThroughUnread(String rest, String anthropicVersion, Protocol expected) {
        assertEquals(expected, Protocol.of(rest, anthropicVersion));
    }

    @Test
    void aQueryIsNotPartOfThePath() {
        assertEquals(Protocol.GEMINI, Protocol.of("v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", null));
        assertEquals(Protocol.ANTHROPIC_MESSAGES, Protocol.of("v1/messages?beta=true", null));
    }

    @Test
    void onlyCountTokensCountsTokensOnly() {
        assertTrue(Protocol.ANTHROPIC_COUNT_TOKENS.countsTokensOnly());
        for (Protocol p : Protocol.values()) {
            if (p != Protocol.ANTHROPIC_COUNT_TOKENS) assertFalse(p.countsTokensOnly(), p.name());
        }
    }
}
