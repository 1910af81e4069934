package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_BOB_KEY;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;
import piapi.http.JsonReader;

/** The Go version's admin read paths keep their shapes for existing scripts. */
class GoCompatEndpointsTest extends AdminGatewayTestBase {
    AdminClient admin;

    @BeforeEach
    void client() {
        admin = new AdminClient(piapi);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> array(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) JsonReader.parse(r.body());
    }

    void traffic() throws Exception {
        assertEquals(200, piapi.post("/piapi/codex/chat/completions", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals(200, piapi.post("/piapi/codex/chat/completions", ADMIN_BOB_KEY, "{}").statusCode());
        // each answer reaches its client before its request is recorded, so wait for both users' lines, not the last one's
        piapi.log.await("alice's access line", line -> "alice".equals(line.get("user")));
        piapi.log.await("bob's access line", line -> "bob".equals(line.get("user")));
    }

    @Test
    void routeStatsByUserNameHaveTheGoShape() throws Exception {
        traffic();
        List<Map<String, Object>> alice = array(admin.call("GET", "/stats/routes?user=alice&service=codex", null));
        assertEquals(1, alice.size());
        Map<String, Object> c = alice.get(0);
        assertEquals("alpha", c.get("provider_name"));
        assertEquals("main", c.get("provider_key_name"));
        assertEquals(1L, c.get("weight"));
        assertEquals(true, c.get("enabled"));
        assertEquals(true, c.get("healthy"));
        assertEquals(1L, c.get("total_requests"));
        assertEquals(0L, c.get("total_errors"));
        assertEquals(0L, c.get("error_rate"));
        assertEquals(200L, c.get("last_status"));
        assertNotEquals("0001-01-01T00:00:00Z", c.get("last_updated"));
        assertFalse(c.containsKey("last_error"));
        assertFalse(c.containsKey("unhealthy_until"));
        assertFalse(c.containsKey("smoothed_error_rate"));

        List<Map<String, Object>> bob = array(admin.call("GET", "/stats/routes?user=bob&service=codex", null));
        assertEquals(2, bob.size());
        assertEquals(List.of("primary"), bob.get(0).get("tags"));
        assertEquals(3L, bob.get(0).get("weight"));
        assertEquals(false, bob.get(1).get("enabled"));
        assertEquals(false, bob.get(1).get("healthy"));
        assertEquals("0001-01-01T00:00:00Z", bob.get(1).get("last_updated"));
        assertFalse(bob.get(1).containsKey("tags"));
    }

    @Test
    void theGoFormWithAKeyInTheUrlWorksButIsLoggedAsDeprecatedWithoutTheKey() throws Exception {
        String query = "/stats/routes?apiKey=" + URLEncoder.encode(ADMIN_ALICE_KEY, StandardCharsets.UTF_8) + "&service=codex";
        assertEquals(1, array(admin.call("GET", query, null)).size());
        Map<String, Object> event = piapi.log.await("the deprecation warning", l -> "admin_deprecated_parameter".equals(l.get("event")));
        assertEquals("apiKey", event.get("parameter"));
        HttpResponse<String> unknown = admin.call("GET", "/stats/routes?apiKey=piapi-nobody-0000000000&service=codex", null);
        assertEquals("user api key not found", AdminChecks.error(unknown, 404, "not_found").get("message"));
        assertFalse(unknown.body().contains("piapi-nobody"));
        assertFalse(piapi.log.text().contains(ADMIN_ALICE_KEY), "the key is never logged");
        assertFalse(piapi.log.text().contains("piapi-nobody"), "the key is never logged");
    }

    @Test
    void routeStatsErrors() throws Exception {
        AdminChecks.error(admin.call("GET", "/stats/routes", null), 400, "bad_request");
        assertEquals("service type required", AdminChecks.error(admin.call("GET", "/stats/routes?user=alice", null), 400, "bad_request")
                .get("message"));
        assertEquals("service type not found for user 'alice'",
                AdminChecks.error(admin.call("GET", "/stats/routes?user=alice&service=claude_code", null), 404, "not_found").get("message"));
        AdminChecks.error(admin.call("GET", "/stats/routes?user=zed&service=codex", null), 404, "not_found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardLogsHaveTheGoShape() throws Exception {
        traffic();
        Map<String, Object> all = AdminClient.json(admin.call("GET", "/dashboard/logs", null));
        assertEquals(2L, all.get("count"));
        Map<String, Object> newest = ((List<Map<String, Object>>) all.get("logs")).get(0);
        assertEquals("bob", newest.get("user"));
        assertEquals("codex", newest.get("service_type"));
        assertEquals("alpha", newest.get("provider"));
        assertEquals("backup", newest.get("provider_key"));
        assertEquals("POST", newest.get("method"));
        assertEquals("/piapi/codex/chat/completions", newest.get("path"));
        assertEquals(upstream.url() + "/v1/chat/completions", newest.get("upstream_url"));
        assertEquals(200L, newest.get("status_code"));
        assertTrue(newest.get("latency_ms") instanceof Long);
        assertFalse(newest.containsKey("error"));
        assertTrue(newest.get("timestamp").toString().endsWith("Z"));
        assertEquals(1L, AdminClient.json(admin.call("GET", "/dashboard/logs?user=alice", null)).get("count"));
        assertEquals(1L, AdminClient.json(admin.call("GET", "/dashboard/logs?limit=1", null)).get("count"));
        assertEquals(2L, AdminClient.json(admin.call("GET", "/dashboard/logs?limit=nope", null)).get("count"));
        assertEquals(0L, AdminClient.json(admin.call("GET", "/dashboard/logs?provider=beta", null)).get("count"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardStatsHaveTheGoShape() throws Exception {
        Map<String, Object> empty = AdminClient.json(admin.call("GET", "/dashboard/stats", null));
        Map<String, Object> none = (Map<String, Object>) empty.get("request_stats");
        assertEquals(Map.of("total_requests", 0L, "success_rate", 0L, "avg_latency_ms", 0L, "error_count", 0L,
                "by_service", Map.of(), "by_provider", Map.of(), "by_user", Map.of()), none);
        assertNull(none.get("success_count"));
        assertEquals(List.of("alpha", "beta"), empty.get("providers"));
        assertEquals(List.of("alice", "bob"), empty.get("users"));
        assertEquals(List.of("claude_code", "codex"), empty.get("service_types"));

        traffic();
        assertEquals(401, piapi.post("/piapi/codex/x", "not-a-key", "{}").statusCode());
        piapi.log.await("the refused line", l -> Long.valueOf(401).equals(l.get("status")));
        Map<String, Object> s = (Map<String, Object>) AdminClient.json(admin.call("GET", "/dashboard/stats", null)).get("request_stats");
        assertEquals(3L, s.get("total_requests"));
        assertEquals(2L, s.get("success_count"));
        assertEquals(1L, s.get("error_count"));
        assertEquals(200.0 / 3, ((Number) s.get("success_rate")).doubleValue(), 1e-9);
        assertEquals(Map.of("total", 1L, "success", 0L, "error", 1L), ((Map<String, Object>) s.get("by_user")).get(""));
        assertEquals(Map.of("total", 3L, "success", 2L, "error", 1L), ((Map<String, Object>) s.get("by_service")).get("codex"));
    }
}
