package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import piapi.Gateway;
import piapi.http.JsonReader;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;

/** {@code GET /piadmin/api/logs} and {@code /stats} on a running gateway. */
class RequestLogEndpointsTest {
    static final String TOKEN = "admin-token-logs-0001";
    static final String ALICE = "piapi-alice-key-0001";
    static final String BOB = "piapi-bob-key-0002";
    static FakeUpstream upstream;
    static GatewayHarness piapi;

    static String config(String upstreamUrl) {
        return TestConfig.config()
                .provider("alpha").key("main", "sk-alpha-secret-0001").service("codex", upstreamUrl + "/alpha")
                .service("claude_code", upstreamUrl + "/anthropic", "{mode: header, name: x-api-key}")
                .provider("beta").key("prod", "sk-beta-secret-0002").service("codex", upstreamUrl + "/beta")
                .user("alice", ALICE).route("codex", "alpha", "main").route("claude_code", "alpha", "main")
                .user("bob", BOB).route("codex", "beta", "prod").yaml();
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            int status = r.rawPath().endsWith("/limited") ? 429 : 200;
            FakeUpstream.reply(ex, status, "application/json", "{\"n\":1}");
        });
        piapi = GatewayHarness.start(config(upstream.url()), Map.of("PIAPI_ADMIN_TOKEN", TOKEN));
        piapi.post("/piapi/codex/one", ALICE, "{}");                 // alpha 200
        piapi.post("/piapi/codex/limited", BOB, "{}");               // beta 429
        piapi.post("/piapi/claude_code/v1/messages", ALICE, "{}");   // alpha 200
        piapi.send(piapi.request("/piapi/codex/x").GET().build());   // 401, no user
        piapi.send(piapi.request("/piapi/codex/last").header("Authorization", "Bearer " + ALICE).header("X-Request-ID", "req-last").GET().build());
        piapi.log.accessLines(5); // written last: the request log has all five by then
    }

    @AfterAll
    static void stop() throws Exception {
        piapi.close();
        upstream.close();
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return piapi.send(piapi.request("/piadmin/api" + pathAndQuery).header("Authorization", "Bearer " + TOKEN).GET().build());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> logs(String query) throws Exception {
        HttpResponse<String> r = get("/logs" + query);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        Map<String, Object> body = JsonReader.parseObject(r.body());
        List<Map<String, Object>> logs = (List<Map<String, Object>>) body.get("logs");
        assertEquals((long) logs.size(), body.get("count"));
        return logs;
    }

    static List<Object> ids(List<Map<String, Object>> logs) {
        return logs.stream().map(l -> l.get("path")).toList();
    }

    @Test
    void newestFirstWithTheAccessLogsFields() throws Exception {
        List<Map<String, Object>> all = logs("");
        assertEquals(List.of("/piapi/codex/last", "/piapi/codex/x", "/piapi/claude_code/v1/messages", "/piapi/codex/limited",
                "/piapi/codex/one"), ids(all));
        Map<String, Object> last = all.get(0);
        assertEquals("req-last", last.get("request_id"));
        assertEquals("alice", last.get("user"));
        assertEquals("codex", last.get("service_type"));
        assertEquals("alpha", last.get("provider"));
        assertEquals("main", last.get("provider_key"));
        assertEquals(upstream.url() + "/alpha/last", last.get("upstream_url"));
        assertEquals(200L, last.get("status"));
        assertEquals("ok", last.get("outcome"));
        Instant.parse((String) last.get("time"));
        Map<String, Object> fromLog = piapi.log.accessLine("req-last");
        for (String field : List.of("request_id", "method", "path", "user", "service_type", "provider", "provider_key", "upstream_status",
                "status", "bytes_in", "bytes_out", "attempts", "outcome", "upstream_url", "time")) {
            assertEquals(fromLog.get(field), last.get(field), field + " as in the access log");
        }
    }

    @Test
    void filters() throws Exception {
        assertEquals(List.of("/piapi/codex/last", "/piapi/claude_code/v1/messages", "/piapi/codex/one"), ids(logs("?user=alice")));
        assertEquals(List.of("/piapi/codex/limited"), ids(logs("?provider=beta")));
        assertEquals(List.of("/piapi/claude_code/v1/messages"), ids(logs("?service=claude_code")));
        assertEquals(List.of("/piapi/codex/limited"), ids(logs("?status=429")));
        assertEquals(List.of("/piapi/codex/x", "/piapi/codex/limited"), ids(logs("?status=4xx")));
        assertEquals(List.of("/piapi/codex/x", "/piapi/codex/limited"), ids(logs("?status=error")));
        assertEquals(3, logs("?status=success").size());
        assertEquals(List.of("/piapi/codex/x"), ids(logs("?outcome=rejected")));
        assertEquals(List.of("/piapi/codex/last"), ids(logs("?request_id=req-last")));
        assertEquals(List.of("/piapi/codex/last"), ids(logs("?user=alice&service=codex&limit=1")));
        assertEquals(5, logs("?since=1h").size());
        assertEquals(0, logs("?since=" + Instant.now().plusSeconds(3600)).size());
        assertEquals(5, logs("?since=2020-01-01T00:00:00%2B02:00").size(), "an offset time");
        assertEquals(5, logs("?user=&service=").size(), "empty filters filter nothing");
    }

    @Test
    void limitDefaultsTo100AndIsCappedAt1000() throws Exception {
        Map<String, Object> body = JsonReader.parseObject(get("/logs?limit=5000").body());
        assertEquals(1000L, body.get("limit"));
        assertEquals(100L, JsonReader.parseObject(get("/logs").body()).get("limit"));
        assertEquals(1000L, body.get("capacity"));
    }

    @Test
    void badParametersAre400WithWhatToSendInstead() throws Exception {
        assertBad("/logs?servce=codex", "unknown parameter 'servce'; use limit, outcome, provider, request_id, service, since, status, user");
        assertBad("/logs?limit=0", "limit must be a whole number from 1 (at most 1000 are returned)");
        assertBad("/logs?limit=ten", "limit must be a whole number from 1 (at most 1000 are returned)");
        assertBad("/logs?status=2x", "status must be a status code (429), a class (5xx), 'error' or 'success'");
        assertBad("/logs?outcome=fine", "outcome must be one of ok, upstream_error, client_gone, timeout, rejected, internal_error");
        assertBad("/logs?since=yesterday", "since must be an RFC 3339 time (2026-01-02T15:04:05Z) or a duration back from now (15m, 1h)");
        assertBad("/stats?window=1d", "window must be a duration such as 15m, 1h or 24h");
        assertBad("/stats?window=1h&since=1h", "give since or window, not both");
        assertBad("/stats?limit=3", "unknown parameter 'limit'; use outcome, provider, request_id, service, since, status, user, window");
    }

    static void assertBad(String pathAndQuery, String message) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertEquals(400, r.statusCode(), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) JsonReader.parseObject(r.body()).get("error");
        assertEquals("bad_request", error.get("code"));
        assertEquals(message, error.get("message"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsOverAWindow() throws Exception {
        HttpResponse<String> r = get("/stats?window=1h");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> s = JsonReader.parseObject(r.body());
        assertEquals(3600L, s.get("window_seconds"));
        assertEquals(true, s.get("complete"));
        Map<String, Object> total = (Map<String, Object>) s.get("total");
        assertEquals(5L, total.get("requests"));
        assertEquals(3L, total.get("success"));
        assertEquals(2L, total.get("errors"));
        assertEquals(0.6, total.get("success_ratio"));
        Map<String, Object> latency = (Map<String, Object>) total.get("latency_ms");
        assertEquals(5L, latency.get("count"));
        assertTrue(((Number) latency.get("p50")).doubleValue() <= ((Number) latency.get("p99")).doubleValue());
        assertEquals(4L, ((Map<String, Object>) total.get("ttfb_ms")).get("count"), "the 401 had no first byte");
        assertEquals(Set.of("codex", "claude_code"), ((Map<String, Object>) s.get("by_service")).keySet());
        assertEquals(Set.of("alpha", "beta", "none"), ((Map<String, Object>) s.get("by_provider")).keySet());
        Map<String, Object> byUser = (Map<String, Object>) s.get("by_user");
        assertEquals(Set.of("alice", "bob", "none"), byUser.keySet());
        assertEquals(3L, ((Map<String, Object>) byUser.get("alice")).get("requests"));
        assertEquals(0L, ((Map<String, Object>) byUser.get("bob")).get("success"), "bob's 429");

        Map<String, Object> codexOnly = JsonReader.parseObject(get("/stats?service=codex").body());
        assertEquals(4L, ((Map<String, Object>) codexOnly.get("total")).get("requests"));
        assertEquals(null, codexOnly.get("window_seconds"));
        Map<String, Object> future = JsonReader.parseObject(get("/stats?since=" + Instant.now().plusSeconds(60)).body());
        Map<String, Object> empty = (Map<String, Object>) future.get("total");
        assertEquals(0L, empty.get("requests"));
        assertEquals(null, empty.get("success_ratio"));
    }

    @Test
    void needsTheToken() throws Exception {
        assertEquals(401, piapi.send(piapi.request("/piadmin/api/logs").GET().build()).statusCode());
        assertEquals(401, piapi.send(piapi.request("/piadmin/api/stats").header("Authorization", "Bearer " + ALICE).GET().build()).statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void capacityFromTheEnvironment() throws Exception {
        try (FakeUpstream up = FakeUpstream.json(200, "{}");
             GatewayHarness small = GatewayHarness.start(config(up.url()), Map.of("PIAPI_ADMIN_TOKEN", TOKEN, "PIAPI_LOG_CAPACITY", "3"))) {
            for (int i = 0; i < 5; i++) small.send(small.request("/piapi/codex/" + i).header("Authorization", "Bearer " + ALICE)
                    .header("X-Request-ID", "cap-" + i).GET().build());
            // A request is in the request log before its access line is written; each ends after its client has the answer,
            // so they may reach the log in any order: wait for all five, then the log must hold the last three to start.
            for (int i = 0; i < 5; i++) small.log.accessLine("cap-" + i);
            Map<String, Object> body = JsonReader.parseObject(small.send(small.request("/piadmin/api/logs")
                    .header("Authorization", "Bearer " + TOKEN).GET().build()).body());
            assertEquals(3L, body.get("capacity"));
            assertEquals(3L, body.get("stored"));
            assertEquals(List.of("/piapi/codex/4", "/piapi/codex/3", "/piapi/codex/2"),
                    ((List<Map<String, Object>>) body.get("logs")).stream().map(l -> l.get("path")).toList());
            Map<String, Object> stats = JsonReader.parseObject(small.send(small.request("/piadmin/api/stats?window=1h")
                    .header("Authorization", "Bearer " + TOKEN).GET().build()).body());
            assertEquals(false, stats.get("complete"), "two requests of the window were pushed out");
        }
    }

    @Test
    void aBadCapacityStopsTheStartWithOneClearLine() throws Exception {
        try (FakeUpstream up = FakeUpstream.json(200, "{}")) {
            Gateway.ConfigInvalid e = assertThrows(Gateway.ConfigInvalid.class,
                    () -> GatewayHarness.start(config(up.url()), Map.of("PIAPI_LOG_CAPACITY", "lots")));
            assertEquals("environment: PIAPI_LOG_CAPACITY: 'lots' must be a whole number from 1 to 100000",
                    e.problems().get(0).toString());
        }
    }

    @Test
    void withoutTheAdminTokenThereIsNoAdminApi() throws Exception {
        try (FakeUpstream up = FakeUpstream.json(200, "{}"); GatewayHarness plain = GatewayHarness.start(config(up.url()))) {
            HttpResponse<String> r = plain.send(plain.request("/piadmin/api/logs").header("Authorization", "Bearer " + TOKEN).GET().build());
            assertEquals(404, r.statusCode());
            assertFalse(r.body().contains("logs\""));
        }
    }
}
