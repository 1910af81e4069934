package piapi.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.route.Routes.route;
import static piapi.route.Routes.settings;
import static piapi.route.Routes.snapshot;
import static piapi.route.Routes.upstream;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import piapi.config.CandidateId;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.RoutingSettings;
import piapi.config.ResolvedCandidate;
import piapi.support.TestClock;

/** Session affinity: a session's requests stay on the candidate that served it while it is usable. */
class AffinityTest {
    final TestClock clock = new TestClock();
    final Router router = new Router(clock);

    /** One request of a session: choose, and the chosen candidate answers successfully. */
    String request(ResolvedRoute r, RoutingSettings s, String session) {
        ResolvedCandidate u = router.choose(r, List.of(), session, true, s);
        router.answered(r, u, session, s);
        return u.id().keyName();
    }

    @Test
    void aSessionStaysOnItsCandidateWhileOthersRotate() {
        ConfigSnapshot snap = snapshot("round_robin", "", "a", "b", "c");
        ResolvedRoute r = route(snap);
        RoutingSettings s = settings(snap);
        String first = request(r, s, "session-1");
        for (int i = 0; i < 5; i++) {
            assertEquals(first, request(r, s, "session-1"));
            request(r, s, null); // requests without a session keep rotating
        }
        String other = request(r, s, "session-2");
        assertEquals(other, request(r, s, "session-2"));
        assertEquals(2, router.describe(r, s).sessions(), "two sessions remembered");
    }

    @Test
    void differentSessionsSpreadOverTheCandidates() {
        ConfigSnapshot snap = snapshot("round_robin", "", "a", "b", "c");
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 3; i++) seen.append(request(route(snap), settings(snap), "s" + i));
        assertEquals("abc", seen.toString());
    }

    @Test
    void aSessionMovesWhenItsCandidateCoolsAndStaysWhereItMoved() {
        ConfigSnapshot snap = snapshot("weighted_rr", "", "a:1", "b:1");
        ResolvedRoute r = route(snap);
        RoutingSettings s = settings(snap);
        String first = request(r, s, "sess");
        String other = first.equals("a") ? "b" : "a";
        router.health().report(upstream(r, first).id(), new AttemptEnd(AttemptVerdict.SERVER_ERROR, 503, -1, "", 0), clock.millis(), s);
        assertEquals(other, request(r, s, "sess"));
        clock.advance(Duration.ofSeconds(30)); // the first candidate is usable again; the session's cache is on the other now
        for (int i = 0; i < 3; i++) assertEquals(other, request(r, s, "sess"));
    }

    @Test
    void aSessionIsForgottenAfterItsTtl() {
        ConfigSnapshot snap = snapshot("round_robin", "routing: { affinityTtl: 10m }", "a", "b");
        ResolvedRoute r = route(snap);
        RoutingSettings s = settings(snap);
        assertEquals("a", request(r, s, "sess"));
        clock.advance(Duration.ofMinutes(9));
        assertEquals("a", request(r, s, "sess"), "still within the TTL (and each request renews it)");
        clock.advance(Duration.ofMinutes(11));
        assertEquals("b", request(r, s, "sess"), "expired: the strategy decides again (round robin's turn is b)");
    }

    @Test
    void affinityCanBeTurnedOff() {
        ConfigSnapshot snap = snapshot("round_robin", "routing: { sessionAffinity: false }", "a", "b");
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 4; i++) seq.append(request(route(snap), settings(snap), "sess"));
        assertEquals("abab", seq.toString());
        assertEquals(0, router.describe(route(snap), settings(snap)).sessions());
    }

    @Test
    void affinityNeverPicksACandidateAlreadyTriedInTheRequest() {
        ConfigSnapshot snap = snapshot("round_robin", "", "a", "b");
        ResolvedRoute r = route(snap);
        assertEquals("a", request(r, settings(snap), "sess"));
        ResolvedCandidate failover = router.choose(r, List.of(upstream(r, "a")), "sess", false, settings(snap));
        assertEquals("b", failover.id().keyName());
    }

    /** Routing settings with this affinity time to live and maximum number of sessions. */
    static RoutingSettings bounds(long ttlMillis, int maxSessions) {
        RoutingSettings d = RoutingSettings.DEFAULTS;
        return new RoutingSettings(d.maxAttempts(), d.failoverWindow(), d.retryOn(), d.cooldown(), d.maxCooldown(), d.authCooldown(),
                d.adaptiveHalfLife(), d.adaptiveFloor(), d.sessionAffinity(), Duration.ofMillis(ttlMillis), maxSessions);
    }

    @Test
    void memoryIsBoundedLeastRecentlyUsedFirst() {
        SessionAffinity affinity = new SessionAffinity();
        CandidateId id = new CandidateId("p", "a");
        long ttl = Duration.ofHours(1).toMillis();
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(1));
            affinity.put("route", "s" + i, id, clock.millis(), bounds(ttl, 50));
            affinity.get("route", "s0", clock.millis(), ttl); // s0 is used all the time
        }
        assertTrue(affinity.size() <= 50, "at most the maximum: " + affinity.size());
        assertEquals(id, affinity.get("route", "s0", clock.millis(), ttl), "the session in use survives");
        assertEquals(id, affinity.get("route", "s99", clock.millis(), ttl), "the newest survives");
        assertNull(affinity.get("route", "s1", clock.millis(), ttl), "the least recently used went first");
    }

    @Test
    void oversizedSessionIdsAreIgnored() {
        SessionAffinity affinity = new SessionAffinity();
        String huge = "x".repeat(SessionAffinity.MAX_SESSION_LENGTH + 1);
        affinity.put("route", huge, new CandidateId("p", "a"), 0, bounds(1000, 10));
        assertEquals(0, affinity.size());
        assertNull(affinity.get("route", huge, 0, 1000));
    }
}
