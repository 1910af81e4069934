package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;

import java.util.List;
import org.junit.jupiter.api.Test;
import piapi.usage.ModelPrice;
import piapi.usage.Pricing;
import piapi.usage.TokenPrices;
import piapi.usage.Usage;

/** The optional {@code pricing} section: prices per model, their units, and every mistake with file:line:col. */
class PricingSettingsTest {
    /** A valid config of 6 lines; the pricing section starts on line 7. */
    static final String BASE = """
            providers:
              - name: p
                apiKeys: { k: sk-1 }
                services: [{ type: claude_code, baseUrl: "http://127.0.0.1:1" }]
            users:
              - { name: a, apiKey: key-a, services: { claude_code: { providerName: p, providerKeyName: k } } }
            """;

    static Pricing pricing(String section, String... warnings) {
        return assertLoads(BASE + section, warnings).settings().pricing();
    }

    @Test
    void withoutThePricingSectionEveryRequestIsUnpriced() {
        assertSame(Pricing.NONE, pricing(""));
        assertSame(Pricing.NONE, pricing("pricing:\n"));
        assertSame(Pricing.NONE, pricing("pricing: {}\n"));
    }

    @Test
    void pricesAreUsdPerMillionTokensAndWebSearchesUsdPerThousand() {
        Pricing p = pricing("""
                pricing:
                  claude-sonnet-4-5: { input: 3, output: 15, cacheRead: 0.30, cacheWrite5m: 3.75, cacheWrite1h: 6, webSearch: 10 }
                  gpt-5:
                    input: 1.25
                    output: 10
                    cacheRead: $0.125
                  local-llama: { input: 0, output: 0 }
                """);
        ModelPrice sonnet = p.price("claude-sonnet-4-5-20250929");
        assertEquals(new TokenPrices(3_000_000, 15_000_000, 300_000, 3_750_000, 6_000_000), sonnet.prices());
        assertEquals(10_000_000_000L, sonnet.perWebSearch()); // $0.01 a search
        assertEquals(new TokenPrices(1_250_000, 10_000_000, 125_000, TokenPrices.NOT_PRICED, TokenPrices.NOT_PRICED),
                p.price("openai/gpt-5").prices());
        assertEquals(TokenPrices.NOT_PRICED, p.price("gpt-5").perWebSearch());
        assertEquals(List.of("claude-sonnet-4-5", "gpt-5", "local-llama"), p.prices().stream().map(ModelPrice::model).toList());
        assertEquals(0, p.cost("local-llama", new Usage(1000, 0, 0, 0, 10, Usage.ABSENT, Usage.ABSENT)));
        assertNull(p.price("claude-opus-4-1"));
    }

    @Test
    void aLongContextTierHasAThresholdAndPricesEveryKindTheBaseDoes() {
        Pricing p = pricing("""
                pricing:
                  gemini-2.5-pro:
                    input: 1.25
                    output: 10
                    cacheRead: 0.31
                    longContext: { above: 200000, input: 2.50, output: 15, cacheRead: 0.625 }
                """);
        ModelPrice gemini = p.price("models/gemini-2.5-pro");
        assertEquals(200_000, gemini.longContextAbove());
        assertEquals(new TokenPrices(2_500_000, 15_000_000, 625_000, TokenPrices.NOT_PRICED, TokenPrices.NOT_PRICED), gemini.longContext());
    }

    @Test
    void badPricesAreErrorsWithTheirPosition() {
        assertProblems(BASE + """
                pricing:
                  m1: { input: three, output: -1 }
                  m2: { input: 0.0000001, output: 1, webSearch: 0.0000000001 }
                  m3: { input: 200000, output: [1] }
                """,
                "config.yaml:8:16: pricing.m1.input: 'three' is not a price; write US dollars per million tokens, e.g. 3 or 0.30",
                "config.yaml:8:31: pricing.m1.output: '-1' is not a price; write US dollars per million tokens, e.g. 3 or 0.30",
                "config.yaml:9:16: pricing.m2.input: '0.0000001' has more than 6 decimals, finer than piapi counts",
                "config.yaml:9:49: pricing.m2.webSearch: '0.0000000001' has more than 9 decimals, finer than piapi counts",
                "config.yaml:10:16: pricing.m3.input: '200000' is above 100000 dollars: check the unit (US dollars per million tokens, e.g. 3 or 0.30)",
                "config.yaml:10:32: pricing.m3.output: must be a single value, not a list");
    }

    @Test
    void inputAndOutputPricesAreRequired() {
        assertProblems(BASE + """
                pricing:
                  claude-haiku-4-5: { cacheRead: 0.1 }
                  gpt-5: 1.25
                """,
                "config.yaml:8:3: pricing.claude-haiku-4-5: missing 'input' (US dollars per million input tokens)",
                "config.yaml:8:3: pricing.claude-haiku-4-5: missing 'output' (US dollars per million output tokens)",
                "config.yaml:9:10: pricing.gpt-5: must be a mapping (key: value lines), not a single value");
    }

    @Test
    void aLongContextTierMistakeIsAnErrorWithItsPosition() {
        assertProblems(BASE + """
                pricing:
                  a: { input: 3, output: 15, cacheRead: 0.3, longContext: { input: 6, output: 22.5 } }
                  b:
                    input: 3
                    output: 15
                    cacheWrite1h: 6
                    longContext:
                      above: 200k
                      input: 6
                      output: 22.5
                  c:
                    input: 3
                    output: 15
                    cacheWrite1h: 6
                    longContext: { above: 200000, input: 6, output: 22.5 }
                """,
                "config.yaml:8:59: pricing.a.longContext: missing 'above' (the input tokens past which these prices apply, e.g. 200000)",
                "config.yaml:14:14: pricing.b.longContext.above: '200k' is not a number of tokens; write a whole number above 0, e.g. 200000",
                "config.yaml:21:18: pricing.c.longContext: must price every kind of token the model's base price does (cacheWrite1h missing)");
    }

    @Test
    void twoKeysNamingOneModelAreAnError() {
        assertProblems(BASE + """
                pricing:
                  claude-sonnet-4-5: { input: 3, output: 15 }
                  anthropic/claude-sonnet-4-5: { input: 3, output: 15 }
                  claude-sonnet-4-5-20250929: { input: 3, output: 15 }
                """,
                "config.yaml:9:3: pricing.anthropic/claude-sonnet-4-5: the same model as 'claude-sonnet-4-5' (line 8) once provider"
                        + " prefixes and version tags are removed: keep one price per model");
    }

    @Test
    void anUnknownKeyIsAWarningWithASuggestion() {
        Pricing p = pricing("""
                pricing:
                  gpt-5: { input: 1.25, output: 10, cachedRead: 0.125, longContext: { above: 272000, input: 2.5, output: 15, webSearch: 1 } }
                """,
                "config.yaml:8:37: warning: pricing.gpt-5.cachedRead: unknown key, ignored (did you mean 'cacheRead'?)",
                "config.yaml:8:110: warning: pricing.gpt-5.longContext.webSearch: unknown key, ignored");
        assertEquals(TokenPrices.NOT_PRICED, p.price("gpt-5").prices().cacheRead());
    }

    @Test
    void theExampleConfigPricesItsModels() throws java.io.IOException {
        byte[] example = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("config.yaml.example"));
        ParsedConfig.Loaded loaded = assertInstanceOf(ParsedConfig.Loaded.class, new ConfigLoader(java.util.Map.of()).parse(example, "config.yaml.example"));
        assertEquals(List.of(), loaded.problems());
        Pricing p = loaded.config().settings().pricing();
        assertEquals(3_000_000, p.price("claude-sonnet-4-5-20250929").prices().input());
        assertEquals(200_000, p.price("gemini-2.5-pro").longContextAbove());
    }

    @Test
    void pricingIsATopLevelKey() {
        assertInstanceOf(ParsedConfig.Loaded.class, ConfigTestSupport.load(BASE + "pricing: { m: { input: 1, output: 2 } }\n"));
    }
}
