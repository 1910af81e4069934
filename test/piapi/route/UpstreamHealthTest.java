package piapi.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import piapi.config.CandidateId;
import piapi.config.RoutingSettings;
import piapi.support.TestClock;

/** Cooldowns, transitions and counters of one key's health, with time under the test's control. */
class UpstreamHealthTest {
    final TestClock clock = new TestClock();
    final UpstreamHealth health = new UpstreamHealth();
    final CandidateId id = new CandidateId("p", "k");
    final RoutingSettings s = RoutingSettings.DEFAULTS;

    UpstreamHealth.Report report(AttemptVerdict o, int status, long retryAfterMillis) {
        return health.report(id, new AttemptEnd(o, status, retryAfterMillis, o.isError() ? "upstream status " + status : "", clock.millis()), clock.millis(), s);
    }

    long cooldownLeft() {
        return health.cooldownUntil(id) - clock.millis();
    }

    @Test
    void consecutiveFailuresDoubleTheCooldownUpToTheCap() {
        long[] expected = {10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000};
        for (long e : expected) {
            report(AttemptVerdict.SERVER_ERROR, 500, -1);
            assertEquals(e, cooldownLeft());
            clock.advance(Duration.ofMillis(e));
        }
        report(AttemptVerdict.OK, 200, -1);
        report(AttemptVerdict.CONNECT_ERROR, 0, -1);
        assertEquals(10_000, cooldownLeft(), "a success starts the doubling over");
    }

    @Test
    void retryAfterSetsTheCooldownAndIsCapped() {
        report(AttemptVerdict.RATE_LIMITED, 429, 42_000);
        assertEquals(42_000, cooldownLeft());
        assertEquals(AttemptVerdict.RATE_LIMITED, health.view(id, clock.millis(), 60_000).cooldownReason());
        clock.advance(Duration.ofSeconds(42));
        report(AttemptVerdict.RATE_LIMITED, 429, Duration.ofHours(2).toMillis());
        assertEquals(s.maxCooldown().toMillis(), cooldownLeft(), "capped at maxCooldown");
    }

    @Test
    void authFailuresMarkTheKeyBadForTheLongerCooldown() {
        report(AttemptVerdict.AUTH_FAILED, 401, -1);
        assertEquals(s.authCooldown().toMillis(), cooldownLeft());
        report(AttemptVerdict.SERVER_ERROR, 500, -1);
        assertEquals(s.authCooldown().toMillis(), cooldownLeft(), "a later, shorter cooldown never shortens it");
    }

    @Test
    void transitionsAreReportedOnceEachWay() {
        assertTrue(report(AttemptVerdict.SERVER_ERROR, 503, -1).becameUnhealthy());
        assertFalse(report(AttemptVerdict.SERVER_ERROR, 503, -1).becameUnhealthy(), "already unhealthy");
        clock.advance(Duration.ofSeconds(30));
        HealthView probing = health.view(id, clock.millis(), 60_000);
        assertEquals(HealthView.State.PROBING, probing.state(), "cooldown over, success not yet seen");
        assertFalse(health.healthy(id, clock.millis()));
        UpstreamHealth.Report recovered = report(AttemptVerdict.OK, 200, -1);
        assertTrue(recovered.recovered());
        assertEquals(clock.millis() - 30_000, recovered.unhealthySince());
        assertEquals(HealthView.State.HEALTHY, recovered.after().state());
        assertFalse(report(AttemptVerdict.OK, 200, -1).recovered());
    }

    @Test
    void aClientThatLeftIsNeverTheUpstreamsFault() {
        report(AttemptVerdict.CLIENT_GONE, 200, -1);
        HealthView v = health.view(id, clock.millis(), 60_000);
        assertEquals(HealthView.State.HEALTHY, v.state());
        assertEquals(1, v.requests());
        assertEquals(0, v.errors());
        assertEquals(0.0, v.recentErrorRate());
        assertEquals(0, v.cooldownUntil());
    }

    @Test
    void aClientErrorShowsTheUpstreamWorks() {
        report(AttemptVerdict.SERVER_ERROR, 500, -1);
        clock.advance(Duration.ofSeconds(10));
        assertTrue(report(AttemptVerdict.CLIENT_ERROR, 400, -1).recovered());
    }

    @Test
    void aSuccessThatStartedBeforeAFailureDoesNotClearIt() {
        long longStreamStarted = clock.millis();
        clock.advance(Duration.ofSeconds(5));
        report(AttemptVerdict.SERVER_ERROR, 502, -1);
        clock.advance(Duration.ofSeconds(1));
        UpstreamHealth.Report late = health.report(id, new AttemptEnd(AttemptVerdict.OK, 200, -1, "", longStreamStarted), clock.millis(), s);
        assertFalse(late.recovered());
        assertEquals(HealthView.State.COOLING_DOWN, late.after().state());
        assertEquals(2, late.after().requests());
    }

    @Test
    void countersAndLastErrorAreKept() {
        report(AttemptVerdict.SERVER_ERROR, 503, -1);
        clock.advance(Duration.ofSeconds(10));
        report(AttemptVerdict.OK, 200, -1);
        HealthView v = health.view(id, clock.millis(), 60_000);
        assertEquals(2, v.requests());
        assertEquals(1, v.errors());
        assertEquals(200, v.lastStatus());
        assertEquals("upstream status 503", v.lastError(), "the last error stays visible after a success");
        assertEquals(clock.millis() - 10_000, v.lastErrorAt());
    }
}
