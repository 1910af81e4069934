package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piapi.http.Outcome;
import piapi.http.RequestRecord;

/** Aggregates: nearest-rank percentiles, success ratio, grouping. */
class RequestStatsTest {
    static RequestLogEntry entry(String user, String service, String provider, int status, Outcome outcome, long totalMillis, long ttfbMillis) {
        RequestRecord r = new RequestRecord("id", "POST", "/piapi/" + service + "/x", 0, 0);
        r.user(user);
        r.serviceType(service);
        if (!provider.isEmpty()) r.upstream(provider, "k");
        r.status(status);
        r.outcome(outcome);
        if (ttfbMillis >= 0) r.firstByteAt(ttfbMillis * 1_000_000L);
        r.end(totalMillis * 1_000_000L);
        return RequestLogEntry.of(0, r);
    }

    @Test
    void percentilesUseTheNearestRank() {
        List<RequestLogEntry> entries = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) entries.add(entry("alice", "codex", "alpha", 200, Outcome.OK, ms, ms / 2));
        RequestStats.Group g = RequestStats.of(entries).total();
        assertEquals(100, g.requests());
        assertEquals(50.0, g.latencyMs().p50());
        assertEquals(95.0, g.latencyMs().p95());
        assertEquals(99.0, g.latencyMs().p99());
        assertEquals(25.0, g.firstByteMs().p50());
        assertEquals(1.0, g.successRatio());
    }

    @Test
    void successNeedsAnOkOutcomeAndAStatusBelow400() {
        List<RequestLogEntry> entries = List.of(
                entry("alice", "codex", "alpha", 200, Outcome.OK, 10, 5),
                entry("alice", "codex", "alpha", 200, Outcome.UPSTREAM_ERROR, 10, 5), // broke mid-stream
                entry("bob", "codex", "beta", 429, Outcome.OK, 10, 5),                // the upstream's refusal
                entry("", "codex", "", 401, Outcome.REJECTED, 1, -1));
        RequestStats.Summary s = RequestStats.of(entries);
        assertEquals(1, s.total().success());
        assertEquals(3, s.total().errors());
        assertEquals(0.25, s.total().successRatio());
        assertEquals(3, s.total().firstByteMs().count(), "requests without a first byte are not in its percentiles");
        assertEquals(Set.of("alpha", "beta", RequestStats.NONE), s.byProvider().keySet());
        assertEquals(Set.of("alice", "bob", RequestStats.NONE), s.byUser().keySet());
        assertEquals(2, s.byUser().get("alice").requests());
        assertEquals(0.5, s.byUser().get("alice").successRatio());
        assertEquals(1L, s.byService().get("codex").outcomes().get(Outcome.REJECTED));
    }

    @Test
    void emptyHasNoRatioOrPercentiles() {
        RequestStats.Group g = RequestStats.of(List.of()).total();
        assertEquals(0, g.requests());
        assertNull(g.successRatio());
        assertNull(g.latencyMs().p99());
    }
}
