package piapi.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.route.Routes.route;
import static piapi.route.Routes.settings;
import static piapi.route.Routes.snapshot;
import static piapi.route.Routes.upstream;

import java.util.List;
import org.junit.jupiter.api.Test;
import piapi.config.CandidateId;
import piapi.config.ConfigSnapshot;
import piapi.support.TestClock;
import piapi.support.TestConfig;

/** Runtime state survives a reload; what left the config is dropped; a replaced key starts afresh. */
class ReloadTest {
    final TestClock clock = new TestClock();
    final Router router = new Router(clock);

    @Test
    void healthAndRotationSurviveAReloadThatKeepsTheCandidates() {
        ConfigSnapshot before = snapshot("weighted_rr", "", "a:2", "b:1");
        router.configChanged(before);
        router.health().report(upstream(route(before), "b").id(), new AttemptEnd(AttemptVerdict.SERVER_ERROR, 500, -1, "", 0), clock.millis(), settings(before));
        assertEquals("aa", Routes.picks(router, route(before), settings(before), 2));
        ConfigSnapshot after = snapshot("weighted_rr", "", "a:2", "b:1"); // same file, reloaded (e.g. touched)
        router.configChanged(after);
        assertTrue(router.health().coolingDown(new CandidateId("p", "b"), clock.millis()), "b is still cooling after the reload");
        assertEquals(1, router.health().view(new CandidateId("p", "b"), clock.millis(), 60_000).errors());
    }

    @Test
    void candidatesThatLeaveTheConfigAreForgotten() {
        ConfigSnapshot before = snapshot("round_robin", "", "a", "b");
        router.configChanged(before);
        router.health().report(new CandidateId("p", "b"), new AttemptEnd(AttemptVerdict.SERVER_ERROR, 500, -1, "", 0), clock.millis(), settings(before));
        router.configChanged(snapshot("round_robin", "", "a", "c"));
        assertFalse(router.health().ids().contains(new CandidateId("p", "b")));
        assertTrue(router.health().ids().contains(new CandidateId("p", "c")));
    }

    @Test
    void aKeyWhoseSecretChangedStartsHealthy() {
        ConfigSnapshot before = snapshot("round_robin", "", "a", "b");
        router.configChanged(before);
        CandidateId a = new CandidateId("p", "a");
        router.health().report(a, new AttemptEnd(AttemptVerdict.AUTH_FAILED, 401, -1, "", 0), clock.millis(), settings(before));
        ConfigSnapshot replaced = TestConfig.config().provider("p").key("a", "sk-test-key-NEW-aaaa-01").key("b", "sk-test-key-bbbb-0002")
                .service("svc", Routes.URL).user("u", Routes.KEY)
                .route("svc", "round_robin", List.of(TestConfig.candidate("p", "a"), TestConfig.candidate("p", "b"))).snapshot();
        router.configChanged(replaced);
        assertFalse(router.health().coolingDown(a, clock.millis()), "the operator replaced the revoked key: no inherited cooldown");
        assertTrue(router.health().view(a, clock.millis(), 60_000).healthy());
    }

    @Test
    void stickyCandidateIsCarriedOverWhenTheCandidatesChange() {
        ConfigSnapshot before = snapshot("sticky_healthy", "", "a", "b");
        router.configChanged(before);
        router.health().report(new CandidateId("p", "a"), new AttemptEnd(AttemptVerdict.AUTH_FAILED, 401, -1, "", 0), clock.millis(), settings(before));
        router.answered(route(before), upstream(route(before), "b"), null, settings(before));
        ConfigSnapshot after = snapshot("sticky_healthy", "", "a", "c", "b");
        router.configChanged(after);
        assertEquals("b", Routes.picks(router, route(after), settings(after), 1), "stays on b, not the first eligible c");
    }

    @Test
    void sessionsOfRemovedCandidatesAreForgotten() {
        ConfigSnapshot before = snapshot("round_robin", "", "a", "b");
        router.configChanged(before);
        router.answered(route(before), upstream(route(before), "b"), "sess", settings(before));
        assertEquals(1, router.describe(route(before), settings(before)).sessions());
        ConfigSnapshot after = snapshot("round_robin", "", "a", "c");
        router.configChanged(after);
        assertEquals(0, router.describe(route(after), settings(after)).sessions());
    }
}
