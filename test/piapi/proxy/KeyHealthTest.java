package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ALICE_KEY;
import static piapi.proxy.AdminViews.candidate;
import static piapi.support.GatewayHarness.requestId;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestClock;
import piapi.support.TestConfig;

/** A key that flaps or is revoked: users keep getting answers, and the events tell the operator. */
@Timeout(30)
class KeyHealthTest {
    static final FakeUpstream.Script OK = (ex, r) -> FakeUpstream.reply(ex, 200, "application/json", "{\"ok\":true}");
    final TestClock clock = new TestClock();
    FakeUpstream a;
    FakeUpstream b;
    GatewayHarness piapi;

    @AfterEach
    void stop() throws Exception {
        if (piapi != null) piapi.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    void start(String strategy, FakeUpstream.Script alpha) throws Exception {
        a = FakeUpstream.start(alpha);
        b = FakeUpstream.start(OK);
        piapi = GatewayHarness.start(TestConfig.candidates(strategy, a.url(), b.url()), AdminViews.ENV, clock);
    }

    /** A request that must succeed; returns which upstreams it reached, e.g. "ab" (alpha failed, beta answered). */
    String served() throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/svc/chat", ALICE_KEY, "{}");
        assertEquals(200, r.statusCode(), r.body());
        piapi.log.accessLine(requestId(r)); // piapi is done with it: health reported
        return "a".repeat(a.drain().size()) + "b".repeat(b.drain().size());
    }

    /** Publishes a new config the way a reload does (issue 3's reloader calls the same publish). */
    void reload(TestConfig config) throws Exception {
        String yaml = config.yaml();
        java.nio.file.Files.writeString(piapi.configFile, yaml);
        piapi.config.ParsedConfig loaded = new piapi.config.ConfigLoader(AdminViews.ENV).load(piapi.configFile);
        piapi.gateway.config().publish((piapi.config.ParsedConfig.Loaded) loaded, piapi.configFile);
    }

    List<Map<String, Object>> events(String name) {
        return piapi.log.lines().stream().filter(l -> name.equals(l.get("event"))).toList();
    }

    @Test
    void aFlappingPrimaryNeverReachesTheUserAndBacksOffLonger() throws Exception {
        // alpha's answers in turn: fail, fail, ok, fail, ok
        int[] script = {503, 503, 200, 503, 200};
        AtomicInteger n = new AtomicInteger();
        start("sticky_healthy", (ex, r) -> {
            int status = script[Math.min(n.getAndIncrement(), script.length - 1)];
            FakeUpstream.reply(ex, status, "application/json", "{}");
        });
        assertEquals("ab", served());                 // alpha 503 -> beta; alpha cools 10 s
        assertEquals("b", served());                  // alpha skipped
        clock.advance(Duration.ofSeconds(10));
        assertEquals("ab", served());                 // the probe fails again: the cooldown doubles to 20 s
        assertEquals(clock.instant().plusSeconds(20).toString(), candidate(piapi, "svc", "alpha").get("cooldown_until"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals("b", served());                  // still cooling
        clock.advance(Duration.ofSeconds(10));
        assertEquals("a", served());                  // recovered: back on the preferred key
        assertEquals("ab", served());                 // fails again after a success: the cooldown starts over at 10 s
        assertEquals(clock.instant().plusSeconds(10).toString(), candidate(piapi, "svc", "alpha").get("cooldown_until"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals("a", served());
        assertEquals(2, events("upstream_unhealthy").size());
        assertEquals(2, events("upstream_recovered").size());
        assertEquals("alpha", events("upstream_recovered").get(0).get("provider"));
        assertEquals(30_000L, events("upstream_recovered").get(0).get("unhealthy_ms"), "down from the first failure to the recovery");
    }

    @Test
    void aRevokedKeyIsSkippedForTheAuthCooldown() throws Exception {
        start("round_robin", (ex, r) -> FakeUpstream.reply(ex, 401, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}"));
        assertEquals("ab", served(), "the user never sees the revoked key's 401");
        for (int i = 0; i < 5; i++) assertEquals("b", served(), "round robin no longer offers alpha");
        Map<String, Object> alpha = candidate(piapi, "svc", "alpha");
        assertEquals("cooling_down", alpha.get("state"));
        assertEquals("auth_failed", alpha.get("cooldown_reason"));
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)).toString(), alpha.get("cooldown_until"));
        assertEquals(401L, alpha.get("last_status"));
        assertEquals("upstream status 401", alpha.get("last_error"));
        Map<String, Object> unhealthy = events("upstream_unhealthy").get(0);
        assertEquals("alpha", unhealthy.get("provider"));
        assertEquals("k", unhealthy.get("provider_key"));
        assertEquals("auth_failed", unhealthy.get("reason"));
        assertEquals(600_000L, unhealthy.get("cooldown_ms"));
        clock.advance(Duration.ofMinutes(10));
        // out of the cooldown, alpha is back in the rotation: round robin's turn is beta, then alpha, which fails over again
        assertEquals("bab", served() + served(), "still revoked: one more failed-over try, then another 10 minutes");
        assertEquals("cooling_down", candidate(piapi, "svc", "alpha").get("state"));
        assertEquals(1, events("upstream_unhealthy").size(), "one event per unhealthy spell, not per failure");
    }

    @Test
    void healthSurvivesAReloadAndFollowsItsChanges() throws Exception {
        start("sticky_healthy", (ex, r) -> FakeUpstream.reply(ex, 503, "application/json", "{}"));
        assertEquals("ab", served());
        try (FakeUpstream c = FakeUpstream.start(OK)) {
            reload(TestConfig.candidates("sticky_healthy", a.url(), b.url(), c.url())); // gamma added, nothing else changed
            assertEquals("cooling_down", candidate(piapi, "svc", "alpha").get("state"), "a reload does not forgive alpha");
            assertEquals("b", served(), "and sticky_healthy stays on beta, where it last succeeded");
            // alpha leaves the config
            reload(TestConfig.candidateProviders(a.url(), b.url(), c.url()).user("alice", ALICE_KEY)
                    .route("svc", "sticky_healthy", List.of(TestConfig.candidate("beta", "k"), TestConfig.candidate("gamma", "k")))
                    .route("solo", "beta", "k"));
            assertEquals(List.of("beta", "gamma"), ((List<?>) AdminViews.route(piapi, "svc").get("candidates")).stream()
                    .map(x -> ((Map<?, ?>) x).get("provider")).toList());
            assertEquals(2L, candidate(piapi, "svc", "beta").get("requests"), "beta's history is kept");
            String metrics = piapi.gateway.metrics().render();
            assertFalse(metrics.contains("piapi_candidate_healthy{provider=\"alpha\""), "no route uses alpha: " + metrics);
            assertTrue(metrics.contains("piapi_candidate_healthy{provider=\"gamma\",provider_key=\"k\"} 1"), metrics);
        }
    }
}
