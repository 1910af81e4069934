package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.http.JsonReader;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.DeadPort;
import piapi.support.TestConfig;

/** GET /piadmin/api/routes: every user's routes by name, with live candidate health, and never a secret. */
@Timeout(30)
class RoutesEndpointTest {
    static final String TOKEN = "admin-token-0123456789";
    static FakeUpstream upstream;
    static GatewayHarness piapi;
    static DeadPort dead;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.json(200, "{}");
        dead = new DeadPort();
        piapi = GatewayHarness.start(TestConfig.config()
                .provider("alpha").key("q", "sk-alpha-query-secret-01").service("svc", dead.url() + "/v1?tenant=t", "{mode: query, name: key}")
                .provider("beta").key("h", "sk-beta-header-secret-02").service("svc", upstream.url() + "/v1").service("codex", upstream.url() + "/v1")
                .user("alice", "piapi-alice-key-0001").route("svc", "weighted_rr",
                        List.of(TestConfig.candidate("alpha", "q", "weight: 2", "tags: [primary]"), TestConfig.candidate("beta", "h")))
                .user("bob", "piapi-bob-key-0002").route("codex", "beta", "h"), Map.of("PIAPI_ADMIN_TOKEN", TOKEN));
        // alice's first request goes to alpha (weight 2), which refuses the connection, and fails over to beta
        HttpResponse<String> r = piapi.post("/piapi/svc/x", "piapi-alice-key-0001", "{}");
        assertEquals(200, r.statusCode(), r.body());
        piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow());
    }

    @AfterAll
    static void stop() throws Exception {
        piapi.close();
        upstream.close();
        dead.close();
    }

    static HttpResponse<String> get(String query) throws Exception {
        return piapi.send(piapi.request("/piadmin/api/routes" + query).header("Authorization", "Bearer " + TOKEN).GET().build());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> routes(String query) throws Exception {
        HttpResponse<String> r = get(query);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        return (List<Map<String, Object>>) JsonReader.parseObject(r.body()).get("routes");
    }

    @Test
    void needsTheAdminToken() throws Exception {
        assertEquals(401, piapi.send(piapi.request("/piadmin/api/routes").GET().build()).statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void showsEveryRouteWithItsCandidatesHealth() throws Exception {
        List<Map<String, Object>> all = routes("");
        assertEquals(2, all.size());
        Map<String, Object> alice = all.get(0);
        assertEquals("alice", alice.get("user"));
        assertEquals("svc", alice.get("service_type"));
        assertEquals("weighted_rr", alice.get("strategy"));
        assertEquals(true, alice.get("session_affinity"));
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) alice.get("candidates");
        Map<String, Object> alpha = candidates.get(0);
        assertEquals("alpha", alpha.get("provider"));
        assertEquals("q", alpha.get("provider_key"));
        assertEquals(2L, alpha.get("weight"));
        assertEquals(List.of("primary"), alpha.get("tags"));
        assertEquals(false, alpha.get("eligible"));
        assertEquals("cooling_down", alpha.get("state"));
        assertEquals(false, alpha.get("healthy"));
        assertEquals("connect_error", alpha.get("cooldown_reason"));
        assertEquals(1L, alpha.get("consecutive_failures"));
        assertEquals(1L, alpha.get("requests"));
        assertEquals(1L, alpha.get("errors"));
        assertEquals(1L, alpha.get("error_rate"));
        assertEquals(0.5, ((Number) alpha.get("recent_error_rate")).doubleValue(), 0.01, "1 failure / (1 request + 1), decaying");
        assertEquals(2L, alpha.get("effective_weight"));
        assertEquals(0L, alpha.get("last_status"));
        assertTrue(((String) alpha.get("last_error")).startsWith("ConnectException"), alpha.toString());
        assertTrue(alpha.get("cooldown_until") instanceof String && alpha.get("last_error_at") instanceof String);
        Map<String, Object> beta = candidates.get(1);
        assertEquals("healthy", beta.get("state"));
        assertEquals(200L, beta.get("last_status"));
        assertNull(beta.get("cooldown_until"));
        assertEquals("", beta.get("last_error"));

        Map<String, Object> bob = all.get(1);
        assertEquals("bob", bob.get("user"));
        assertEquals("round_robin", bob.get("strategy"), "a legacy route is a one-candidate round robin");
        assertEquals(1, ((List<?>) bob.get("candidates")).size());
    }

    @Test
    void neverShowsASecret() throws Exception {
        String body = get("").body();
        for (String secret : new String[] {"sk-alpha-query-secret-01", "sk-beta-header-secret-02", "piapi-alice-key-0001",
                "piapi-bob-key-0002", "key=", "tenant="}) {
            assertFalse(body.contains(secret), "'" + secret + "' in " + body);
        }
    }

    @Test
    void filtersByUserNameAndService() throws Exception {
        assertEquals(List.of("bob"), routes("?user=bob").stream().map(r -> r.get("user")).toList());
        assertEquals(List.of("codex"), routes("?service=codex").stream().map(r -> r.get("service_type")).toList());
        assertEquals(List.of(), routes("?user=alice&service=codex"));
        assertEquals(List.of(), routes("?user=nobody"));
    }
}
