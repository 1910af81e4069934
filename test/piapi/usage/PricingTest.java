package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static piapi.usage.MeterFeed.read;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cost in nano-dollars from prices per million tokens, each rule of the README's "Usage and cost" section. */
class PricingTest {
    static final long NP = TokenPrices.NOT_PRICED;

    /** USD per million tokens (input, output, cache read, 5m write, 1h write; null = not priced). */
    static TokenPrices tokens(String input, String output, String cacheRead, String write5m, String write1h) {
        return new TokenPrices(p(input), p(output), p(cacheRead), p(write5m), p(write1h));
    }

    static long p(String usdPerMillion) {
        return usdPerMillion == null ? NP : Money.picosPerToken(new BigDecimal(usdPerMillion));
    }

    static ModelPrice price(String model, TokenPrices t) {
        return new ModelPrice(model, t, NP, 0, null);
    }

    static final ModelPrice SONNET = new ModelPrice("claude-sonnet-4-5", tokens("3", "15", "0.30", "3.75", "6"),
            Money.picosPerSearch(new BigDecimal("10")), 0, null);
    static final ModelPrice OPUS = new ModelPrice("claude-opus-4-1", tokens("15", "75", "1.50", "18.75", "30"),
            Money.picosPerSearch(new BigDecimal("10")), 0, null);
    static final Pricing PRICES = Pricing.of(List.of(SONNET, OPUS,
            price("o4-mini", tokens("1.10", "4.40", "0.275", null, null)),
            price("gemini-2.5-pro", tokens("1.25", "10", "0.125", null, null)),
            price("local-llama", tokens("0", "0", "0", "0", "0")),
            price("no-cache-prices", tokens("1", "2", null, null, null))));

    @Test
    void costAddsEveryKindOfTokenAtItsOwnPriceExactlyInNanoDollars() {
        // 3 x $3 + 41200 x $0.30 + 118 x $3.75 + 2200 x $6 + 412 x $15, per million = $0.0321915
        Usage u = read(AnthropicFixtures.CACHED_STREAM).usage();
        assertEquals(32_191_500, PRICES.cost("claude-sonnet-4-5-20250929", u));
        // 176 uncached x $1.10 + 1024 cached x $0.275 + 350 x $4.40 (reasoning inside): $0.0020152
        assertEquals(2_015_200, PRICES.cost("o4-mini-2025-04-16", read(OpenAiFixtures.CHAT_STREAM_WITH_USAGE).usage()));
        assertEquals(new BigDecimal("0.0321915"), Money.dollars(32_191_500));
    }

    @Test
    void cachedTokensArePricedOnceAtTheirOwnPriceAndReasoningOnceAsOutput() {
        // 1000 uncached x $1.25 + 8000 cached x $0.125 + (120 + 500 thoughts) x $10: 8,450,000 nano-dollars
        assertEquals(8_450_000, PRICES.cost("gemini-2.5-pro", read(GeminiFixtures.SSE_STREAM).usage()));
    }

    @Test
    void webSearchesArePricedPerThousand() {
        // 10682 x $15 + 510 x $75 per million, + 1 search at $10 per 1000 = $0.16023 + $0.03825 + $0.01
        assertEquals(208_480_000, PRICES.cost("claude-opus-4-1-20250805", read(AnthropicFixtures.WEB_SEARCH_STREAM).usage()));
    }

    @Test
    void aLongContextTierPricesTheWholeRequestOncePastItsThreshold() {
        ModelPrice sonnet4 = new ModelPrice("claude-sonnet-4", tokens("3", "15", "0.30", "3.75", "6"), NP, 200_000,
                tokens("6", "22.50", "0.60", "7.50", "12"));
        Pricing pricing = Pricing.of(List.of(sonnet4));
        Usage atThreshold = new Usage(200_000, 50_000, 0, 0, 1000, Usage.ABSENT, Usage.ABSENT);
        Usage pastIt = new Usage(200_001, 50_000, 0, 0, 1000, Usage.ABSENT, Usage.ABSENT);
        // 150000 x $3 + 50000 x $0.30 + 1000 x $15 = $0.48
        assertEquals(480_000_000, pricing.cost("claude-sonnet-4-20250514", atThreshold));
        // every token at the tier: 150001 x $6 + 50000 x $0.60 + 1000 x $22.50 = $0.952506
        assertEquals(952_506_000, pricing.cost("claude-sonnet-4-20250514", pastIt));
    }

    @Test
    void theModelAnsweredIsPricedElseTheModelRequested() {
        UsageReading answered = read(AnthropicFixtures.CACHED_STREAM); // names claude-sonnet-4-5-20250929
        assertEquals(32_191_500, PRICES.cost(answered, "some-alias-without-a-price"));
        UsageReading unnamed = new UsageReading(answered.usage(), null, UsageReading.State.COMPLETE, java.util.Set.of());
        assertEquals(32_191_500, PRICES.cost(unnamed, "claude-sonnet-4-5"));
        assertEquals(Pricing.UNPRICED, PRICES.cost(unnamed, null));
    }

    @Test
    void aModelWithoutAPriceIsUnpricedNeverZero() {
        Usage u = read(OpenAiFixtures.CHAT_JSON_ANSWER).usage();
        assertEquals(Pricing.UNPRICED, PRICES.cost("gpt-4o-2024-08-06", u));
        assertEquals(Pricing.UNPRICED, PRICES.cost(null, u));
        assertEquals(Pricing.UNPRICED, Pricing.NONE.cost("claude-sonnet-4-5", u));
    }

    @Test
    void aModelPricedAtZeroCostsZero() {
        assertEquals(0, PRICES.cost("local-llama", read(OpenAiFixtures.CHAT_JSON_ANSWER).usage()));
    }

    @Test
    void tokensOfAKindWithoutAPriceMakeTheRequestUnpriced() {
        Usage cached = new Usage(100, 40, Usage.ABSENT, Usage.ABSENT, 10, Usage.ABSENT, Usage.ABSENT);
        assertEquals(Pricing.UNPRICED, PRICES.cost("no-cache-prices", cached));
        Usage uncached = new Usage(100, 0, Usage.ABSENT, Usage.ABSENT, 10, Usage.ABSENT, Usage.ABSENT);
        assertEquals(120_000, PRICES.cost("no-cache-prices", uncached)); // 100 x $1 + 10 x $2 per million
        Usage searched = new Usage(100, 0, 0, 0, 10, Usage.ABSENT, 3);
        assertEquals(Pricing.UNPRICED, PRICES.cost("o4-mini", searched)); // o4-mini has no webSearch price
    }

    @Test
    void unknownUsageIsUnpricedAndAFreeRequestCostsNothing() {
        assertEquals(Pricing.UNPRICED, PRICES.cost("claude-sonnet-4-5", Usage.UNKNOWN));
        assertEquals(0, PRICES.cost("claude-sonnet-4-5", Usage.ZERO));
        assertEquals(0, PRICES.cost("a-model-without-a-price", Usage.ZERO));
    }

    @Test
    void oneRequestIsRoundedToTheNearestNanoDollarOnce() {
        Pricing pricing = Pricing.of(List.of(price("flash-lite", tokens("0.0375", "0", null, null, null))));
        // 37,500 pico-dollars a token
        assertEquals(38, pricing.cost("flash-lite", new Usage(1, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, 0, Usage.ABSENT, Usage.ABSENT)));
        assertEquals(75, pricing.cost("flash-lite", new Usage(2, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, 0, Usage.ABSENT, Usage.ABSENT)));
        assertEquals(113, pricing.cost("flash-lite", new Usage(3, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, 0, Usage.ABSENT, Usage.ABSENT)));
    }

    @Test
    void costIsRecomputedFromTheRecordedTokensAfterAPriceFix() {
        Usage recorded = read(AnthropicFixtures.CACHED_STREAM).usage();
        Pricing wrong = Pricing.of(List.of(new ModelPrice("claude-sonnet-4-5", tokens("3", "15", "3", "3", "3"), NP, 0, null)));
        long before = wrong.cost("claude-sonnet-4-5-20250929", recorded);
        assertEquals(before, wrong.cost("claude-sonnet-4-5-20250929", recorded)); // a pure function: same inputs, same cost
        // the tokens as a ledger line keeps them, read back, priced with the corrected list
        Usage fromLedger = new Usage(recorded.input(), recorded.cacheRead(), recorded.cacheWrite5m(), recorded.cacheWrite1h(),
                recorded.output(), recorded.reasoning(), recorded.webSearches());
        assertEquals(32_191_500, PRICES.cost("claude-sonnet-4-5-20250929", fromLedger));
        assertEquals(3 * 3_000_000L / 1000 + 41200 * 3_000_000L / 1000 + 118 * 3_000_000L / 1000 + 2200 * 3_000_000L / 1000
                + 412 * 15_000_000L / 1000, before);
    }

    @Test
    void aPriceForAnUndatedModelCoversEveryDatedSnapshotAndProviderSpelling() {
        for (String spelling : List.of("claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5@20250929", "Claude-Sonnet-4-5")) {
            assertSame(SONNET, PRICES.price(spelling), spelling);
        }
        assertSame(PRICES.price("gemini-2.5-pro"), PRICES.price("models/gemini-2.5-pro"));
        assertNull(PRICES.price("claude-sonnet-4"));
        assertNull(PRICES.price("claude-sonnet-4-5-mini"));
    }

    @Test
    void aDatedPriceCoversOnlyItsSnapshotAndWinsOverTheUndatedOne() {
        ModelPrice undated = price("gpt-4o", tokens("2.50", "10", "1.25", null, null));
        ModelPrice may = price("openai/gpt-4o-2024-05-13", tokens("5", "15", null, null, null));
        Pricing pricing = Pricing.of(List.of(undated, may));
        assertSame(may, pricing.price("gpt-4o-2024-05-13"));
        assertSame(undated, pricing.price("gpt-4o-2024-08-06"));
        assertSame(undated, pricing.price("gpt-4o"));
        assertNull(Pricing.of(List.of(may)).price("gpt-4o"));
    }

    @Test
    void twoPricesForOneModelAreRefused() {
        ModelPrice a = price("claude-haiku-4-5", tokens("1", "5", null, null, null));
        ModelPrice b = price("anthropic/claude-haiku-4-5", tokens("1", "5", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Pricing.of(List.of(a, b)));
    }

    @Test
    void pricesFinerThanAPicoDollarATokenAreRefused() {
        assertEquals(1, Money.picosPerToken(new BigDecimal("0.000001")));
        assertThrows(ArithmeticException.class, () -> Money.picosPerToken(new BigDecimal("0.0000001")));
        assertEquals(10_000_000_000L, Money.picosPerSearch(new BigDecimal("10")));
        assertEquals(new BigDecimal("10"), Money.dollars(10_000_000_000L));
        assertNull(Money.dollars(Pricing.UNPRICED));
    }
}
