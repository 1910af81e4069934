package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;
import piapi.support.Finished;

/** Aggregates: nearest-rank percentiles, success ratio, grouping. */
class RequestStatsTest {
    static FinishedRequest entry(String user, String service, String provider, int status, OutcomeLabel outcome, long totalMillis,
                                 long ttfbMillis) {
        Finished r = Finished.proxied("id", service).user(user).status(status).outcome(outcome).tookMillis(totalMillis);
        if (!provider.isEmpty()) r.upstream(provider, "k");
        if (ttfbMillis >= 0) r.firstByteMillis(ttfbMillis);
        return r.build();
    }

    @Test
    void percentilesUseTheNearestRank() {
        List<FinishedRequest> entries = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) entries.add(entry("alice", "codex", "alpha", 200, OutcomeLabel.OK, ms, ms / 2));
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
        List<FinishedRequest> entries = List.of(
                entry("alice", "codex", "alpha", 200, OutcomeLabel.OK, 10, 5),
                entry("alice", "codex", "alpha", 200, OutcomeLabel.UPSTREAM_ERROR, 10, 5), // broke mid-stream
                entry("bob", "codex", "beta", 429, OutcomeLabel.OK, 10, 5),                // the upstream's refusal
                entry("", "codex", "", 401, OutcomeLabel.REJECTED, 1, -1));
        RequestStats.Summary s = RequestStats.of(entries);
        assertEquals(1, s.total().success());
        assertEquals(3, s.total().errors());
        assertEquals(0.25, s.total().successRatio());
        assertEquals(3, s.total().firstByteMs().count(), "requests without a first byte are not in its percentiles");
        assertEquals(Set.of("alpha", "beta", RequestStats.NONE), s.byProvider().keySet());
        assertEquals(Set.of("alice", "bob", RequestStats.NONE), s.byUser().keySet());
        assertEquals(2, s.byUser().get("alice").requests());
        assertEquals(0.5, s.byUser().get("alice").successRatio());
        assertEquals(1L, s.byService().get("codex").outcomes().get(OutcomeLabel.REJECTED));
    }

    @Test
    void emptyHasNoRatioOrPercentiles() {
        RequestStats.Group g = RequestStats.of(List.of()).total();
        assertEquals(0, g.requests());
        assertNull(g.successRatio());
        assertNull(g.latencyMs().p99());
    }
}
