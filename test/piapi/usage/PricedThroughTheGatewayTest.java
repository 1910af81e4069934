package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.config.ReloadReport;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.TestClock;
import piapi.support.UpstreamGatewayBase;

/**
 * Issue 15's pricing rules on the real gateway: every kind of token at its own price, web searches, the long-context
 * tier, normalised model ids, unpriced never $0, and tokens as the record, so a period is priced again after a fix.
 */
@Timeout(60)
class PricedThroughTheGatewayTest extends UpstreamGatewayBase {
    static final String KEY = "piapi-pricing-key-0001";
    static final String ADMIN = "admin-token-for-pricing-tests";
    static final String PRICES = """
            pricing:
              claude-opus-4-1: { input: 15, output: 75, cacheRead: 1.5, cacheWrite5m: 18.75, cacheWrite1h: 30, webSearch: 10 }
              claude-sonnet-4-5:
                input: 3
                output: 15
                cacheRead: 0.30
                cacheWrite5m: 3.75
                cacheWrite1h: 6
                longContext: { above: 40000, input: 6, output: 22.5, cacheRead: 0.60, cacheWrite5m: 7.50, cacheWrite1h: 12 }
            """;
    volatile Fixture answer;

    void start(String pricing) throws Exception {
        upstream = FakeUpstream.start((ex, r) -> FakeUpstream.reply(ex, 200, answer.contentType(), answer.text()));
        // time stands still: the usage API's default day is the one the requests were recorded on
        piapi = GatewayHarness.start(config(pricing), Map.of("PIAPI_ADMIN_TOKEN", ADMIN), new TestClock(Instant.parse("2026-01-31T23:59:59Z")));
    }

    String config(String pricing) {
        return """
                providers:
                  - name: up
                    apiKeys: { k: sk-up }
                    services: [{ type: claude_code, baseUrl: "%s" }]
                users:
                  - { name: alice, apiKey: %s, services: { claude_code: { providerName: up, providerKeyName: k } } }
                %s
                """.formatted(upstream.url(), KEY, pricing);
    }

    /** One request answered with {@code f}, asking for {@code model}: its ledger entry. */
    LedgerEntry ask(String model, Fixture f) throws Exception {
        answer = f;
        HttpResponse<String> r = piapi.send(piapi.request("/piapi/claude_code/v1/messages").header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":100}")).build());
        assertEquals(200, r.statusCode());
        return Ledgers.entry(piapi, GatewayHarness.requestId(r));
    }

    static Fixture answerWithoutModel(long input, long output) {
        return new Fixture("no model", Protocol.ANTHROPIC_MESSAGES, Fixture.JSON,
                "{\"type\":\"message\",\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output + "}}", null, null, null);
    }

    @Test
    void everyKindOfTokenIsPricedAtItsOwnPriceAndWebSearchesPerSearch() throws Exception {
        start(PRICES);
        LedgerEntry e = ask("claude-opus-4-1", AnthropicFixtures.JSON_ANSWER);
        // 50 uncached x $15 + 10000 read x $1.50 + 1500 1-hour writes x $30 + 321 out x $75 (per million) + 2 searches x $10 / 1000
        assertEquals(750_000 + 15_000_000 + 45_000_000 + 24_075_000 + 20_000_000, e.costNanos());
    }

    @Test
    void aLongContextTierPricesTheWholeRequestOnceItsInputPassesTheThreshold() throws Exception {
        start(PRICES);
        LedgerEntry below = ask("claude-sonnet-4-5", AnthropicFixtures.ZERO_DELTA_STREAM); // 2300 input: base prices
        assertEquals(1200 * 3_000L + 800 * 300L + 300 * 3_750L + 77 * 15_000L, below.costNanos());
        LedgerEntry above = ask("claude-sonnet-4-5", AnthropicFixtures.CACHED_STREAM); // 43521 input: every token at the tier
        assertEquals(3 * 6_000L + 41200 * 600L + 118 * 7_500L + 2200 * 12_000L + 412 * 22_500L, above.costNanos());
    }

    @Test
    void modelIdsAreNormalisedDateSuffixesAndProviderPrefixes() throws Exception {
        start(PRICES);
        assertEquals("claude-sonnet-4-5-20250929", ask("x", AnthropicFixtures.ZERO_DELTA_STREAM).modelAnswered(),
                "the dated snapshot is priced by the undated price");
        for (String asked : List.of("anthropic/claude-sonnet-4-5", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5@20250929",
                "Claude-Sonnet-4-5")) {
            LedgerEntry e = ask(asked, answerWithoutModel(1000, 100));
            assertEquals(1000 * 3_000L + 100 * 15_000L, e.costNanos(), asked + ": the answer names no model, so the one asked for is priced");
        }
    }

    @Test
    void aModelWithoutAPriceIsUnpricedNeverZero() throws Exception {
        start(PRICES);
        LedgerEntry opus = ask("claude-opus-4-1", AnthropicFixtures.WEB_SEARCH_STREAM);
        assertFalse(opus.costNanos() < 0, "priced");
        LedgerEntry e = ask("claude-haiku-4-5", AnthropicFixtures.CORRECTING_DELTA_STREAM);
        assertEquals(-1, e.costNanos());
        Map<String, Object> line = piapi.log.accessLine(e.requestId());
        assertEquals(true, line.get("unpriced"));
        assertFalse(line.containsKey("cost_usd"), "never $0");
        Map<?, ?> totals = (Map<?, ?>) usage("/piadmin/api/usage?group_by=").get("totals");
        assertEquals(1L, totals.get("unpriced_requests"));
    }

    Map<String, Object> usage(String path) throws Exception {
        return JsonReader.parseObject(piapi.send(piapi.request(path).header("Authorization", "Bearer " + ADMIN).GET().build()).body());
    }

    @Test
    void tokensAreTheRecordAndAPeriodIsPricedAgainAfterAPriceFix() throws Exception {
        start("pricing: { claude-opus-4-1: { input: 150, output: 750, cacheRead: 15, cacheWrite5m: 187.5, cacheWrite1h: 300, webSearch: 10 } }");
        LedgerEntry mistaken = ask("claude-opus-4-1", AnthropicFixtures.JSON_ANSWER);
        assertEquals(10 * (750_000 + 15_000_000 + 45_000_000 + 24_075_000L) + 20_000_000, mistaken.costNanos(), "ten times too much");
        Files.writeString(piapi.configFile, config(PRICES));
        ReloadReport reload = piapi.gateway.reloader().reloadNow();
        assertEquals(ReloadReport.Applied.class, reload.getClass(), reload.toString());
        Map<?, ?> repriced = (Map<?, ?>) usage("/piadmin/api/usage?group_by=&reprice=true").get("totals");
        assertEquals(0.104825, ((Number) repriced.get("cost_usd")).doubleValue(), 1e-12, "the same tokens at the corrected prices");
        Map<?, ?> recorded = (Map<?, ?>) usage("/piadmin/api/usage?group_by=").get("totals");
        assertEquals(mistaken.costNanos() / 1e9, ((Number) recorded.get("cost_usd")).doubleValue(), 1e-12, "what was recorded stays");
    }
}
