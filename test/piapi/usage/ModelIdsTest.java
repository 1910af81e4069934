package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Model ids are normalised: provider prefixes, Bedrock and Vertex spellings, then date suffixes. */
class ModelIdsTest {
    @ParameterizedTest
    @CsvSource({
        "claude-sonnet-4-5-20250929, claude-sonnet-4-5-20250929, claude-sonnet-4-5",
        "anthropic/claude-sonnet-4-5, claude-sonnet-4-5, claude-sonnet-4-5",
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5-20250929, claude-sonnet-4-5",
        "anthropic.claude-3-5-sonnet-20241022-v2:0, claude-3-5-sonnet-20241022, claude-3-5-sonnet",
        "claude-opus-4@20250514, claude-opus-4-20250514, claude-opus-4",
        "gemini-1.5-pro@001, gemini-1.5-pro, gemini-1.5-pro",
        "models/gemini-2.5-pro, gemini-2.5-pro, gemini-2.5-pro",
        "publishers/google/models/gemini-2.5-flash, gemini-2.5-flash, gemini-2.5-flash",
        "openai/gpt-4.1-2025-04-14, gpt-4.1-2025-04-14, gpt-4.1",
        "gpt-4o-mini-2024-07-18, gpt-4o-mini-2024-07-18, gpt-4o-mini",
        "GPT-5, gpt-5, gpt-5",
        "o3, o3, o3",
        "amazon.nova-pro-v1:0, nova-pro, nova-pro",
        "gemini-2.5-flash-preview-05-20, gemini-2.5-flash-preview-05-20, gemini-2.5-flash-preview-05-20",
        "mistral-large-2411, mistral-large-2411, mistral-large-2411",
        "build-12345678, build-12345678, build-12345678",
        "'  claude-haiku-4-5  ', claude-haiku-4-5, claude-haiku-4-5",
    })
    void modelIdsAreNormalisedProviderSpellingsFirstThenTheDate(String id, String specific, String base) {
        assertEquals(specific, ModelIds.specific(id));
        assertEquals(base, ModelIds.base(ModelIds.specific(id)));
    }
}
