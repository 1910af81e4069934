package piapi.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.route.Routes.picks;
import static piapi.route.Routes.route;
import static piapi.route.Routes.settings;
import static piapi.route.Routes.snapshot;
import static piapi.route.Routes.upstream;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.RoutingSettings;
import piapi.support.TestClock;

/** Each strategy's picks, step by step, with health and time under the test's control. */
class StrategiesTest {
    final TestClock clock = new TestClock();
    final Router router = new Router(clock);

    void fail(ResolvedRoute route, String key, AttemptVerdict outcome, RoutingSettings s) {
        router.health().report(upstream(route, key).id(), new AttemptEnd(outcome, 500, -1, "upstream status 500", clock.millis()), clock.millis(), s);
    }

    void succeed(ResolvedRoute route, String key, RoutingSettings s) {
        router.health().report(upstream(route, key).id(), new AttemptEnd(AttemptVerdict.OK, 200, -1, "", clock.millis()), clock.millis(), s);
        router.answered(route, upstream(route, key), null, s);
    }

    @Test
    void roundRobinTakesEachInTurn() {
        ConfigSnapshot s = snapshot("round_robin", "", "a", "b", "c");
        assertEquals("abcabcabc", picks(router, route(s), settings(s), 9));
    }

    @Test
    void roundRobinSkipsDisabledAndCoolingCandidates() {
        ConfigSnapshot s = snapshot("round_robin", "", "a", "b", "c", "d:1:false");
        fail(route(s), "b", AttemptVerdict.SERVER_ERROR, settings(s));
        assertEquals("acacac", picks(router, route(s), settings(s), 6));
        clock.advance(Duration.ofSeconds(10)); // the default first cooldown is over: b is probed again
        String next = picks(router, route(s), settings(s), 3);
        assertTrue(next.contains("b") && !next.contains("d"), next);
    }

    @Test
    void weightedRoundRobinInterleavesByWeight() {
        ConfigSnapshot s = snapshot("weighted_rr", "", "a:5", "b:3", "c:2");
        String seq = picks(router, route(s), settings(s), 20);
        // nginx's smooth weighted round robin: shares 5:3:2 per cycle of 10, never five in a row
        assertEquals("abcaabacba" + "abcaabacba", seq);
        assertFalse(seq.contains("aaa"), seq);
    }

    @Test
    void weightedRoundRobinKeepsExactSharesOverManyCycles() {
        ConfigSnapshot s = snapshot("weighted_rr", "", "a:3", "b:1");
        String seq = picks(router, route(s), settings(s), 400);
        assertEquals(300, seq.chars().filter(ch -> ch == 'a').count());
        assertEquals("aaba", seq.substring(0, 4));
    }

    @Test
    void weightedRoundRobinSharesAmongTheEligibleWhenOneCools() {
        ConfigSnapshot s = snapshot("weighted_rr", "", "a:2", "b:1", "c:1");
        fail(route(s), "a", AttemptVerdict.CONNECT_ERROR, settings(s));
        String seq = picks(router, route(s), settings(s), 10);
        assertEquals("bcbcbcbcbc", seq);
    }

    @Test
    void adaptiveWithoutErrorsIsWeighted() {
        ConfigSnapshot s = snapshot("adaptive_rr", "", "a:5", "b:3", "c:2");
        assertEquals("abcaabacba", picks(router, route(s), settings(s), 10));
    }

    @Test
    void adaptiveScalesWeightsByRecentErrorsDownToTheFloor() {
        // short cooldowns so the failing candidate is eligible again, a long half-life so errors stay recent
        ConfigSnapshot s = snapshot("adaptive_rr", "routing: { cooldown: 1s, maxCooldown: 1s, adaptiveHalfLife: 1h, adaptiveFloor: 0.1 }",
                "a:1", "b:1");
        RoutingSettings rs = settings(s);
        for (int i = 0; i < 20; i++) fail(route(s), "b", AttemptVerdict.SERVER_ERROR, rs);
        clock.advance(Duration.ofSeconds(1));
        RouteView view = router.describe(route(s), rs);
        assertEquals(1.0, view.candidates().get(0).effectiveWeight());
        assertEquals(0.1, view.candidates().get(1).effectiveWeight(), 1e-9, "20 errors in 20: held at the floor, never 0");
        String seq = picks(router, route(s), rs, 110);
        assertEquals(10, seq.chars().filter(ch -> ch == 'b').count(), seq);
    }

    @Test
    void adaptiveErrorRateDecaysWhileTheCandidateIsNotChosen() {
        ConfigSnapshot s = snapshot("adaptive_rr", "routing: { adaptiveHalfLife: 1m }", "a:4", "b:4");
        RoutingSettings rs = settings(s);
        for (int i = 0; i < 4; i++) fail(route(s), "b", AttemptVerdict.SERVER_ERROR, rs);
        assertEquals(0.8, rate(s, "b"), 1e-9, "4 failures of 4: 4 / (4 + 1)");
        assertEquals(0.8, router.describe(route(s), rs).candidates().get(1).effectiveWeight(), 1e-9, "4 x (1 - 0.8)");
        clock.advance(Duration.ofMinutes(1)); // one half-life, and b is never chosen meanwhile
        assertEquals(2.0 / 3.0, rate(s, "b"), 1e-9, "both counts halve: 2 / (2 + 1)");
        clock.advance(Duration.ofMinutes(9));
        assertTrue(rate(s, "b") < 0.01, "ten half-lives later the failures are forgotten: " + rate(s, "b"));
        assertEquals(4.0, router.describe(route(s), rs).candidates().get(1).effectiveWeight(), 0.05);
    }

    @Test
    void adaptiveSuccessesPullTheRateDown() {
        ConfigSnapshot s = snapshot("adaptive_rr", "", "a", "b");
        RoutingSettings rs = settings(s);
        fail(route(s), "b", AttemptVerdict.SERVER_ERROR, rs);
        for (int i = 0; i < 9; i++) succeed(route(s), "b", rs);
        assertEquals(0.1 * 10 / 11, rate(s, "b"), 1e-9, "1 failure in 10: 1 / (10 + 1)");
    }

    private double rate(ConfigSnapshot s, String key) {
        return router.health().recentErrorRate(upstream(route(s), key).id(), clock.millis(), settings(s).adaptiveHalfLife().toMillis());
    }

    @Test
    void stickyStaysOnTheLastSuccessMovesOnWhenItFailsAndReturnsToThePreferred() {
        ConfigSnapshot s = snapshot("sticky_healthy", "", "a", "b", "c");
        RoutingSettings rs = settings(s);
        ResolvedRoute r = route(s);
        assertEquals("aaa", picks(router, r, rs, 3));
        fail(r, "a", AttemptVerdict.AUTH_FAILED, rs);               // a: skipped for the 10 min auth cooldown
        assertEquals("b", picks(router, r, rs, 1));
        succeed(r, "b", rs);
        assertEquals("bbb", picks(router, r, rs, 3));
        fail(r, "b", AttemptVerdict.SERVER_ERROR, rs);             // b: 10 s cooldown; move on
        assertEquals("c", picks(router, r, rs, 1));
        succeed(r, "c", rs);
        clock.advance(Duration.ofSeconds(11));                    // b is usable again, but c is working: stay
        assertEquals("ccc", picks(router, r, rs, 3));
        clock.advance(Duration.ofMinutes(10));                    // the preferred a is out of its cooldown: back to it
        assertEquals("a", picks(router, r, rs, 1));
        succeed(r, "a", rs);
        assertEquals("aaa", picks(router, r, rs, 3));
        assertTrue(router.describe(r, rs).candidates().get(0).current());
    }

    @Test
    void stickyFailoverWithinARequestGoesToAnotherCandidate() {
        ConfigSnapshot s = snapshot("sticky_healthy", "", "a", "b", "c");
        ResolvedRoute r = route(s);
        assertEquals("b", router.choose(r, List.of(upstream(r, "a")), null, false, settings(s)).id().keyName());
        assertEquals("c", router.choose(r, List.of(upstream(r, "a"), upstream(r, "b")), null, false, settings(s)).id().keyName());
        assertNull(router.choose(r, List.copyOf(r.upstreams()), null, false, settings(s)), "a candidate is never tried twice");
    }

    @Test
    void stickyPreferredIsTheFirstEnabledCandidate() {
        ConfigSnapshot s = snapshot("sticky_healthy", "", "a:1:false", "b", "c");
        assertEquals("bbb", picks(router, route(s), settings(s), 3));
    }

    @Test
    void whenEveryCandidateCoolsTheFirstAttemptTakesTheOneWhoseCooldownEndsFirst() {
        ConfigSnapshot s = snapshot("round_robin", "", "a", "b");
        RoutingSettings rs = settings(s);
        ResolvedRoute r = route(s);
        router.health().report(upstream(r, "a").id(), new AttemptEnd(AttemptVerdict.RATE_LIMITED, 429, 30_000, "", 0), clock.millis(), rs);
        router.health().report(upstream(r, "b").id(), new AttemptEnd(AttemptVerdict.RATE_LIMITED, 429, 20_000, "", 0), clock.millis(), rs);
        assertEquals("bbb", picks(router, r, rs, 3), "nobody is locked out: b's cooldown ends first");
        assertNull(router.choose(r, List.of(upstream(r, "b")), null, false, rs), "a failover never goes to a cooling candidate");
    }

    @Test
    void aSingleCandidateIsAlwaysTriedOnceEvenWhileCooling() {
        ConfigSnapshot s = snapshot("round_robin", "", "a");
        ResolvedRoute r = route(s);
        fail(r, "a", AttemptVerdict.SERVER_ERROR, settings(s));
        assertEquals("aa", picks(router, r, settings(s), 2));
        assertNull(router.choose(r, List.of(upstream(r, "a")), null, false, settings(s)));
    }

    @Test
    void everyCandidateDisabledLeavesNothing() {
        ConfigSnapshot s = snapshot("round_robin", "", "a:1:false", "b:1:false");
        assertNull(router.choose(route(s), List.of(), null, true, settings(s)));
    }
}
