package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.config.ReloadReport;
import piapi.demo.DemoProvider;
import piapi.demo.Pacing;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.TestClock;
import piapi.support.TestConfig;

/**
 * piapi's own refusals on the proxy path (issue 15, "Refusing"), on the real server in front of the demo provider:
 * each in the envelope of the caller's protocol, naming the limit, its scope, used, max, reset and the request id;
 * {@code Retry-After} short for rates and concurrency, the real time to the reset for quotas; never a 5xx; and
 * {@code count_tokens} passing through, uncounted and free.
 */
class RefusingTest {
    static final String ALICE = "piapi-alice-key-refusing";
    static final Instant T = Instant.parse("2026-03-10T20:00:00Z");
    DemoProvider demo;
    GatewayHarness piapi;
    final TestClock clock = new TestClock(T);

    @AfterEach
    void stop() throws Exception {
        if (piapi != null) piapi.close();
        if (demo != null) demo.close();
    }

    /** alice on the demo provider (claude_code: Anthropic; codex: OpenAI) with these limits of her own. */
    void start(String aliceLimits, String sections) throws Exception {
        demo = DemoProvider.start(Pacing.NONE, false);
        piapi = GatewayHarness.start(TestConfig.bothClients("demo", demo.baseUrl(), ALICE).setting("limits", aliceLimits).section(sections),
                Map.of(), clock);
    }

    HttpResponse<String> anthropic(String path, String body) throws Exception {
        return piapi.send(piapi.request("/piapi/claude_code/" + path).header("x-api-key", ALICE).header("anthropic-version", "2023-06-01")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> message(String model) throws Exception {
        return anthropic("v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    HttpResponse<String> responses(String model) throws Exception {
        return piapi.post("/piapi/codex/responses", ALICE, "{\"model\":\"" + model + "\",\"input\":\"hi\"}");
    }

    /** Waits until the request is recorded (after its answer was sent): its cost counts for the next request from then on. */
    HttpResponse<String> recorded(HttpResponse<String> r) {
        piapi.log.accessLine(GatewayHarness.requestId(r));
        return r;
    }

    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JsonReader.parseObject(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(HttpResponse<String> r) throws Exception {
        return (Map<String, Object>) json(r).get("error");
    }

    static long retryAfter(HttpResponse<?> r) {
        return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After")));
    }

    @Test
    void anthropicCallersAreRefusedInAnthropicsEnvelopeNamingLimitScopeUsedMaxResetAndRequestId() throws Exception {
        start("{ requestsPerMinute: 1 }", "");
        assertEquals(200, message("claude-sonnet-4-5").statusCode());
        HttpResponse<String> r = message("claude-sonnet-4-5");
        assertEquals(429, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        Map<String, Object> body = json(r);
        assertEquals("error", body.get("type"));
        assertEquals(GatewayHarness.requestId(r), body.get("request_id"), "piapi's request id, where Anthropic puts its own");
        Map<String, Object> e = error(r);
        assertEquals("rate_limit_error", e.get("type"));
        assertTrue(((String) e.get("message")).contains("requests_per_minute limit reached (user): used 1 of 1"), e.toString());
        assertEquals("requests_per_minute", e.get("limit"));
        assertEquals("user", e.get("scope"));
        assertEquals(1L, e.get("used"));
        assertEquals(1L, e.get("max"));
        assertEquals(T.plusSeconds(60).toString(), e.get("resets_at"));
        assertEquals(60L, e.get("retry_after_seconds"));
        assertEquals(60L, retryAfter(r));
        assertEquals(1, demo.calls(), "refused before any upstream call");
    }

    @Test
    void otherCallersAreRefusedInOpenAisEnvelope() throws Exception {
        start("{ requestsPerMinute: 1 }", "");
        assertEquals(200, responses("gpt-5").statusCode());
        HttpResponse<String> r = responses("gpt-5");
        assertEquals(429, r.statusCode());
        Map<String, Object> body = json(r);
        assertEquals(List.of("error"), List.copyOf(body.keySet()), "OpenAI's envelope: one error object");
        Map<String, Object> e = error(r);
        assertTrue(((String) e.get("message")).startsWith("piapi: requests_per_minute limit reached"), e.toString());
        assertEquals("rate_limit_error", e.get("type"));
        assertEquals("rate_limit_exceeded", e.get("code"));
        assertTrue(e.containsKey("param"));
        assertEquals("requests_per_minute", e.get("limit"));
        assertEquals("user", e.get("scope"));
        assertEquals(1L, e.get("used"));
        assertEquals(1L, e.get("max"));
        assertEquals(T.plusSeconds(60).toString(), e.get("resets_at"));
        assertEquals(GatewayHarness.requestId(r), e.get("request_id"));
    }

    @Test
    void anAnthropicVersionHeaderMakesAnyPathAnAnthropicCaller() throws Exception {
        start("{ requestsPerMinute: 1 }", "");
        assertEquals(200, message("claude-sonnet-4-5").statusCode());
        HttpResponse<String> models = piapi.send(piapi.request("/piapi/claude_code/v1/models").header("x-api-key", ALICE)
                .header("anthropic-version", "2023-06-01").GET().build());
        assertEquals(429, models.statusCode());
        assertEquals("error", json(models).get("type"), models.body());
        HttpResponse<String> openAi = piapi.send(piapi.request("/piapi/codex/models").header("Authorization", "Bearer " + ALICE).GET().build());
        assertEquals(429, openAi.statusCode());
        assertNull(json(openAi).get("type"), openAi.body());
        assertEquals("rate_limit_exceeded", error(openAi).get("code"));
    }

    @Test
    void aQuotaRefusalsRetryAfterIsTheRealSecondsUntilItsReset() throws Exception {
        start("{ requestsPerDay: 1 }", "limits: { timezone: UTC }");
        assertEquals(200, message("claude-sonnet-4-5").statusCode());
        HttpResponse<String> r = message("claude-sonnet-4-5");
        assertEquals(429, r.statusCode());
        assertEquals(4 * 3600, retryAfter(r), "until midnight: the client stops instead of retrying");
        Map<String, Object> e = error(r);
        assertEquals("requests_per_day", e.get("limit"));
        assertEquals("2026-03-11T00:00:00Z", e.get("resets_at"));
        assertEquals(4L * 3600, e.get("retry_after_seconds"));
        HttpResponse<String> openAi = responses("gpt-5");
        assertEquals(429, openAi.statusCode());
        assertEquals("insufficient_quota", error(openAi).get("type"), "a quota is OpenAI's insufficient_quota, not a rate limit");
        assertEquals("insufficient_quota", error(openAi).get("code"));
    }

    @Test
    void aMonthlyCostCapSaysWhenTheMonthEnds() throws Exception {
        start("{ costPerMonth: 0.000001 }", "pricing: { claude-sonnet-4-5: { input: 3, output: 15 } }");
        HttpResponse<String> first = message("claude-sonnet-4-5");
        assertEquals(200, first.statusCode());
        assertTrue(Ledgers.entry(piapi, GatewayHarness.requestId(first)).costNanos() > 1000, "the first request spends the cap");
        HttpResponse<String> r = message("claude-sonnet-4-5");
        assertEquals(429, r.statusCode());
        Map<String, Object> e = error(r);
        assertEquals("cost_per_month", e.get("limit"));
        assertEquals("2026-04-01T00:00:00Z", e.get("resets_at"));
        assertEquals(0.000001, ((Number) e.get("max")).doubleValue(), 1e-12, "dollars, as configured");
        long toApril = java.time.Duration.between(T, Instant.parse("2026-04-01T00:00:00Z")).toSeconds();
        assertEquals(toApril, retryAfter(r));
    }

    /** One user per limit, each tripped once: every refusal is a 429 (never a 5xx, which Codex would retry), named for its limit. */
    @Test
    void everyQuotaAndRateIsA429NamingItNeverA5xx() throws Exception {
        demo = DemoProvider.start(Pacing.NONE, false);
        String[][] users = {
                {"rpm", "{ requestsPerMinute: 1 }", "requests_per_minute"},
                {"rpd", "{ requestsPerDay: 1 }", "requests_per_day"},
                {"tpd", "{ tokensPerDay: 1 }", "tokens_per_day"},
                {"cpd", "{ costPerDay: 0.000001 }", "cost_per_day"},
                {"cpm", "{ costPerMonth: 0.000001 }", "cost_per_month"},
        };
        StringBuilder yaml = new StringBuilder("""
                providers:
                  - name: demo
                    apiKeys: { k: sk-demo }
                    services: [{ type: codex, baseUrl: "%s/v1" }]
                pricing: { gpt-5: { input: 1.25, output: 10 } }
                users:
                """.formatted(demo.baseUrl()));
        for (String[] u : users) {
            yaml.append("  - { name: ").append(u[0]).append(", apiKey: key-").append(u[0])
                    .append(", services: { codex: { providerName: demo, providerKeyName: k } }, limits: ").append(u[1]).append(" }\n");
        }
        piapi = GatewayHarness.start(yaml.toString(), Map.of(), clock);
        for (String[] u : users) {
            HttpResponse<String> first = piapi.post("/piapi/codex/responses", "key-" + u[0], "{\"model\":\"gpt-5\",\"input\":\"hi\"}");
            assertEquals(200, first.statusCode(), u[0]);
            piapi.log.accessLine(GatewayHarness.requestId(first)); // recorded: its tokens and cost count from now on
            HttpResponse<String> second = piapi.post("/piapi/codex/responses", "key-" + u[0], "{\"model\":\"gpt-5\",\"input\":\"hi\"}");
            assertEquals(429, second.statusCode(), u[0] + ": " + second.body());
            assertEquals(u[2], error(second).get("limit"));
            assertTrue(retryAfter(second) > 0);
            if (u[0].equals("tpd")) {
                assertTrue((Long) error(second).get("used") > 1, "nothing is reserved: the one request in flight overshot by its own size");
            }
            Map<String, Object> line = piapi.log.accessLine(GatewayHarness.requestId(second));
            assertEquals("rejected", line.get("outcome"));
            assertEquals(u[2], line.get("error"), "piapi's code is the limit's name");
        }
        assertEquals(users.length, demo.calls(), "no refused request reached the upstream");
    }

    @Test
    void countTokensPassesThroughNeverCountsAgainstARateAndCostsNothing() throws Exception {
        start("{ requestsPerMinute: 1, costPerDay: 0.000001 }", "pricing: { claude-sonnet-4-5: { input: 3, output: 15 } }");
        for (int i = 0; i < 40; i++) { // Claude Code's editor extension sends dozens at start
            HttpResponse<String> r = anthropic("v1/messages/count_tokens",
                    "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"count me " + i + "\"}]}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("input_tokens"), r.body());
            LedgerEntry e = Ledgers.entry(piapi, GatewayHarness.requestId(r));
            assertTrue(e.countTokens());
            assertEquals(0, e.costNanos(), "never costs anything");
        }
        assertEquals(40, demo.calls(), "every one passed through");
        assertEquals(200, message("claude-sonnet-4-5").statusCode(), "the minute's one request is still there");
        Map<String, Object> me = JsonReader.parseObject(piapi.send(piapi.request("/me/usage").header("x-api-key", ALICE).GET().build()).body());
        assertEquals(1L, ((Map<?, ?>) me.get("today")).get("requests"), "count_tokens calls are no requests for the limits");
        HttpResponse<String> refused = message("claude-sonnet-4-5");
        assertEquals(429, refused.statusCode());
        assertFalse(refused.body().isEmpty());
    }

    @Test
    void aCostCapCoversEveryModelSoSwitchingModelsCannotEscapeIt() throws Exception {
        start("{ costPerDay: 0.000001 }", "pricing: { gpt-5: { input: 1.25, output: 10 }, gpt-5-mini: { input: 0.25, output: 2 } }");
        assertEquals(200, recorded(responses("gpt-5")).statusCode());
        for (String other : List.of("gpt-5-mini", "gpt-4.1")) { // another priced model, and one without a price
            HttpResponse<String> r = responses(other);
            assertEquals(429, r.statusCode(), other);
            assertEquals("cost_per_day", error(r).get("limit"));
            assertEquals("user", error(r).get("scope"));
        }
    }

    @Test
    void aCapOnSomeModelsLeavesTheOthersAndAModelPricedAtZeroIsNeverBlocked() throws Exception {
        start("{ costPerDay: 0.01, modelCaps: [{ models: [claude-opus-*], costPerDay: 0.000001 }] }",
                "pricing: { claude-opus-4-1: { input: 15, output: 75 }, claude-sonnet-4-5: { input: 3, output: 15 }, local-llama: { input: 0, output: 0 } }");
        assertEquals(200, recorded(message("claude-opus-4-1")).statusCode());
        HttpResponse<String> opus = message("claude-opus-4-1");
        assertEquals(429, opus.statusCode());
        assertEquals("models:claude-opus-*", error(opus).get("scope"));
        for (int i = 0; i < 3; i++) assertEquals(200, recorded(message("claude-sonnet-4-5")).statusCode(), "sonnet is under the user's cap only");
        while (recorded(message("claude-sonnet-4-5")).statusCode() == 200) {
            // spend the user's cap
        }
        assertEquals(429, message("claude-sonnet-4-5").statusCode());
        HttpResponse<String> free = message("local-llama");
        assertEquals(200, free.statusCode(), "a model priced at zero costs nothing, so no cap can stop it");
        assertEquals(0, Ledgers.entry(piapi, GatewayHarness.requestId(free)).costNanos());
    }

    @Test
    void limitsReloadWithTheConfigAndTheCountersStay() throws Exception {
        start("{ requestsPerDay: 2 }", "");
        assertEquals(200, message("claude-sonnet-4-5").statusCode());
        assertEquals(200, message("claude-sonnet-4-5").statusCode());
        assertEquals(429, message("claude-sonnet-4-5").statusCode());
        java.nio.file.Files.writeString(piapi.configFile, java.nio.file.Files.readString(piapi.configFile)
                .replace("limits: { requestsPerDay: 2 }", "limits: { requestsPerDay: 3 }"));
        assertEquals(ReloadReport.Applied.class, piapi.gateway.reloader().reloadNow().getClass());
        assertEquals(200, message("claude-sonnet-4-5").statusCode(), "the new limit applies at once");
        HttpResponse<String> r = message("claude-sonnet-4-5");
        assertEquals(429, r.statusCode());
        assertEquals(3L, error(r).get("used"), "the day's count went on across the reload");
    }
}
