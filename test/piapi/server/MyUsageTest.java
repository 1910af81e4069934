package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.demo.DemoProvider;
import piapi.demo.Pacing;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.limits.LimitsJson;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.TestClock;

/**
 * {@code GET /me/usage} (issue 15, "Self-service"): a user's own tokens, cost, limits, what remains and when it
 * resets, authenticated by their own piapi key in either header, from the counters the limiter admits by, never
 * cached; piapi's 401 otherwise.
 */
class MyUsageTest {
    static final String ALICE = "piapi-alice-key-me-0001";
    static final String BOB = "piapi-bob-key-me-0002";
    static final Instant T = Instant.parse("2026-03-10T18:00:00Z");
    DemoProvider demo;
    GatewayHarness piapi;

    @BeforeEach
    void start() throws Exception {
        demo = DemoProvider.start(Pacing.NONE, false);
        piapi = GatewayHarness.start("""
                providers:
                  - name: demo
                    apiKeys: { k: sk-demo }
                    services: [{ type: codex, baseUrl: "%s/v1" }]
                users:
                  - name: alice
                    apiKey: %s
                    services: { codex: { providerName: demo, providerKeyName: k } }
                    limits: { requestsPerMinute: 10, concurrent: 2, tokensPerDay: 100000, requestsPerDay: 50, costPerDay: 2, costPerMonth: 30 }
                  - { name: bob, apiKey: %s, services: { codex: { providerName: demo, providerKeyName: k } } }
                pricing: { gpt-5: { input: 1.25, output: 10 } }
                """.formatted(demo.baseUrl(), ALICE, BOB), Map.of(), new TestClock(T));
    }

    @AfterEach
    void stop() throws Exception {
        piapi.close();
        demo.close();
    }

    HttpResponse<String> me(String header, String value) throws Exception {
        HttpRequest.Builder b = piapi.request("/me/usage").GET();
        if (header != null) b.header(header, value);
        return piapi.send(b.build());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> limitsByName(Map<String, Object> me) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Object o : (List<Object>) me.get("limits")) {
            Map<String, Object> l = (Map<String, Object>) o;
            out.put((String) l.get("limit"), l);
        }
        return out;
    }

    @Test
    void aUsersOwnTokensCostLimitsRemainingAndResetsFromTheLimitersCounters() throws Exception {
        long tokens = 0;
        long nanos = 0;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = piapi.post("/piapi/codex/responses", ALICE, "{\"model\":\"gpt-5\",\"input\":\"question " + i + "\"}");
            assertEquals(200, r.statusCode());
            LedgerEntry e = Ledgers.entry(piapi, GatewayHarness.requestId(r));
            tokens += e.usage().totalTokens();
            nanos += e.costNanos();
        }
        HttpResponse<String> r = me("Authorization", "Bearer " + ALICE);
        assertEquals(200, r.statusCode());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        Map<String, Object> me = JsonReader.parseObject(r.body());
        assertEquals("alice", me.get("user"));
        assertEquals(T.toString(), me.get("now"));
        Map<?, ?> today = (Map<?, ?>) me.get("today");
        assertEquals("2026-03-10", today.get("day"));
        assertEquals(3L, today.get("requests"));
        assertEquals(tokens, today.get("tokens"));
        assertEquals(nanos / 1e9, ((Number) today.get("cost_usd")).doubleValue(), 1e-12);
        Map<?, ?> month = (Map<?, ?>) me.get("month");
        assertEquals("2026-03", month.get("month"));
        assertEquals(tokens, month.get("tokens"));
        assertEquals(nanos / 1e9, ((Number) month.get("cost_usd")).doubleValue(), 1e-12);
        Map<String, Map<String, Object>> limits = limitsByName(me);
        assertEquals(List.of("concurrent_requests", "cost_per_day", "cost_per_month", "requests_per_day", "requests_per_minute", "tokens_per_day"),
                limits.keySet().stream().sorted().toList());
        Map<String, Object> perDay = limits.get("tokens_per_day");
        assertEquals(tokens, perDay.get("used"));
        assertEquals(100000L - tokens, perDay.get("remaining"));
        assertEquals("2026-03-11T00:00:00Z", perDay.get("resets_at"));
        assertEquals(6L * 3600, perDay.get("resets_in_seconds"));
        assertEquals(47L, limits.get("requests_per_day").get("remaining"));
        assertEquals("2026-04-01T00:00:00Z", limits.get("cost_per_month").get("resets_at"));
        assertEquals(0L, limits.get("concurrent_requests").get("used"));
        assertEquals(LimitsJson.me(piapi.gateway.limiter().status("alice")), r.body(), "the limiter's own view, nothing else");
    }

    @Test
    void theKeyMayComeAsXApiKeyAndEachUserSeesOnlyTheirOwn() throws Exception {
        assertEquals(200, piapi.post("/piapi/codex/responses", BOB, "{\"model\":\"gpt-5\",\"input\":\"hi\"}").statusCode());
        HttpResponse<String> bob = me("x-api-key", BOB);
        assertEquals(200, bob.statusCode());
        Map<String, Object> me = JsonReader.parseObject(bob.body());
        assertEquals("bob", me.get("user"));
        assertEquals(1L, ((Map<?, ?>) me.get("today")).get("requests"));
        assertEquals(List.of(), me.get("limits"), "bob has no limits");
        Map<String, Object> alice = JsonReader.parseObject(me("x-api-key", ALICE).body());
        assertEquals(0L, ((Map<?, ?>) alice.get("today")).get("requests"));
    }

    @Test
    void withoutTheUsersOwnKeyItIsPiapis401() throws Exception {
        for (String[] h : new String[][] {{null, null}, {"Authorization", "Bearer not-a-key"}, {"x-api-key", "not-a-key"},
                {"Authorization", "Basic YWxpY2U6eA=="}}) {
            HttpResponse<String> r = me(h[0], h[1]);
            assertEquals(401, r.statusCode(), String.join(" ", String.valueOf(h[0])));
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
            assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
            Map<?, ?> error = (Map<?, ?>) JsonReader.parseObject(r.body()).get("error");
            assertEquals("piapi_error", error.get("type"));
            assertEquals(GatewayHarness.requestId(r), error.get("request_id"));
            assertFalse(r.body().contains("not-a-key"), "a presented key is never echoed");
        }
        HttpResponse<String> post = piapi.send(piapi.request("/me/usage").header("x-api-key", ALICE).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(null));
    }
}
