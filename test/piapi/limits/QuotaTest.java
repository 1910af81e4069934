package piapi.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.limits.LimitsFixture.admitted;
import static piapi.limits.LimitsFixture.entry;
import static piapi.limits.LimitsFixture.refused;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.ledger.LedgerEntry;

/** Token, request and cost quotas on recorded totals, at calendar boundaries in the configured zone. */
class QuotaTest {
    static final long USD = 1_000_000_000L;
    final LimitsFixture f = new LimitsFixture(Instant.parse("2026-03-10T12:00:00Z"));

    QuotaTest() throws IOException {}

    @AfterEach
    void cleanUp() throws IOException {
        f.close();
    }

    void use(Limiter l, String user, long tokens, long cost) {
        admitted(l.admit(user, "claude-sonnet-4-5", false)).close();
        l.record(f.entry(user, tokens, cost));
    }

    @Test
    void tokensPerDayRefuseWithTheRealTimeUntilMidnight() {
        Limiter l = f.limiter("default: {tokensPerDay: 1000}");
        use(l, "alice", 600, 0);
        use(l, "alice", 600, 0); // admitted at 600 < 1000: a request in flight is never reserved against the quota
        Refusal r = refused(l.admit("alice", "m", false));
        assertEquals(LimitName.TOKENS_PER_DAY, r.limit());
        assertEquals(1200, r.used(), "the one request in flight overshot by its own size");
        assertEquals(1000, r.max());
        assertEquals(Instant.parse("2026-03-11T00:00:00Z"), r.resetsAt());
        assertEquals(12 * 3600, r.retryAfterSeconds(), "the real seconds until the reset: a client stops instead of retrying");
        assertTrue(r.message().contains("tokens_per_day limit reached (user): used 1200 of 1000; resets at 2026-03-11T00:00:00Z"), r.message());
        admitted(l.admit("bob", "m", false)).close();
        f.clock.advance(Duration.ofHours(12).minusNanos(1));
        refused(l.admit("alice", "m", false));
        f.clock.advance(Duration.ofNanos(1)); // midnight
        admitted(l.admit("alice", "m", false)).close();
    }

    @Test
    void requestsPerDayCountAdmittedRequests() {
        Limiter l = f.limiter("default: {requestsPerDay: 2}");
        admitted(l.admit("alice", "m", false)).close();
        admitted(l.admit("alice", "m", false)).close();
        Refusal r = refused(l.admit("alice", "m", false));
        assertEquals(LimitName.REQUESTS_PER_DAY, r.limit());
        assertEquals(2, r.used());
        refused(l.admit("alice", "m", false));
        assertEquals(2, l.status("alice").requestsToday(), "refused requests are not counted");
    }

    @Test
    void costPerDayInTheConfiguredZone() {
        Limiter l = f.limiter("timezone: Asia/Tokyo\ndefault: {costPerDay: 1}");
        use(l, "alice", 10, USD);
        Refusal r = refused(l.admit("alice", "claude-sonnet-4-5", false));
        assertEquals(LimitName.COST_PER_DAY, r.limit());
        assertEquals(USD, r.used());
        assertEquals(Instant.parse("2026-03-10T15:00:00Z"), r.resetsAt(), "midnight in Tokyo");
        assertEquals(3 * 3600, r.retryAfterSeconds());
        assertTrue(r.message().contains("used $1 of $1"), r.message());
        f.clock.advance(Duration.ofHours(3));
        admitted(l.admit("alice", "claude-sonnet-4-5", false)).close();
    }

    @Test
    void costPerMonthResetsOnTheFirstAndSurvivesTheDays() {
        f.clock.advance(Duration.ofDays(21)); // 31 March, 12:00
        Limiter l = f.limiter("default: {costPerMonth: 5, costPerDay: 4}");
        use(l, "alice", 10, 3 * USD);
        f.clock.advance(Duration.ofHours(6)); // 31 March 18:00: same month
        use(l, "alice", 10, 3 * USD); // 3 < 4 per day and 3 < 5 per month: admitted, then 6 recorded
        Refusal r = refused(l.admit("alice", "claude-sonnet-4-5", false));
        assertEquals(LimitName.COST_PER_DAY, r.limit(), "the day is exhausted first");
        f.clock.advance(Duration.ofHours(6)); // 1 April 00:00: a new day and a new month
        admitted(l.admit("alice", "claude-sonnet-4-5", false)).close();
        assertEquals(0, l.status("alice").costMonthNanos());
    }

    @Test
    void aMonthCapOutlivesTheDayCap() {
        Limiter l = f.limiter("default: {costPerMonth: 5}");
        use(l, "alice", 10, 5 * USD);
        Refusal r = refused(l.admit("alice", "claude-sonnet-4-5", false));
        assertEquals(LimitName.COST_PER_MONTH, r.limit());
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), r.resetsAt());
        assertEquals(Duration.between(Instant.parse("2026-03-10T12:00:00Z"), Instant.parse("2026-04-01T00:00:00Z")).toSeconds(),
                r.retryAfterSeconds());
        f.clock.advance(Duration.ofDays(1));
        refused(l.admit("alice", "claude-sonnet-4-5", false));
    }

    @Test
    void aCostCapCoversEveryModelSoSwitchingCannotEscapeIt() {
        Limiter l = f.limiter("default: {costPerDay: 1}");
        use(l, "alice", 10, USD);
        refused(l.admit("alice", "claude-opus-4-1", false));
        refused(l.admit("alice", "gpt-5", false));
        refused(l.admit("alice", "a-model-without-a-price", false));
        refused(l.admit("alice", null, false));
    }

    @Test
    void aModelPricedAtZeroIsNeverBlockedByACostCap() {
        Limiter l = f.limiter("default: {costPerDay: 0}");
        l.freeModels(model -> model.startsWith("local-"));
        admitted(l.admit("alice", "local-llama", false)).close();
        Refusal r = refused(l.admit("alice", "claude-sonnet-4-5", false));
        assertEquals("cost_per_day limit reached (user): used $0 of $0; resets at 2026-03-11T00:00:00Z", r.message());
    }

    @Test
    void theLivePriceListSaysWhichModelsAreFree() {
        piapi.config.ConfigSnapshot config = f.config("default: {costPerDay: 1}", "{}");
        Limiter l = f.limiter("default: {costPerDay: 1}");
        l.freeModels(FreeModels.pricedAtZero(() -> config.settings().pricing()));
        use(l, "alice", 10, USD);
        admitted(l.admit("alice", "local-llama", false)).close(); // priced at 0 in pricing:
        admitted(l.admit("alice", "local-llama-20250101", false)).close(); // a dated snapshot of it
        refused(l.admit("alice", "claude-sonnet-4-5", false));
        refused(l.admit("alice", "a-model-nobody-priced", false)); // unpriced is not free
        assertEquals(false, FreeModels.pricedAtZero(() -> config.settings().pricing()).free("claude-sonnet-4-5-20250929"));
    }

    @Test
    void aCapOnSomeModelsBlocksOnlyThem() {
        Limiter l = f.limiter("default: {modelCaps: [{models: [claude-opus-*], costPerDay: 2}]}");
        l.record(entry("alice", f.clock.instant(), 10, USD, "claude-opus-4-1"));
        admitted(l.admit("alice", "claude-opus-4-1", false)).close();
        l.record(entry("alice", f.clock.instant(), 10, 50 * USD, "claude-sonnet-4-5")); // other models do not count
        l.record(new LedgerEntry(f.clock.instant(), "r", "alice", "claude_code", "p", "k", "opus", "claude-opus-4-1-20250805", 200, "ok",
                piapi.usage.Usage.UNKNOWN, USD, piapi.ledger.UsageState.COMPLETE, false)); // an alias answered by a covered model counts
        Refusal r = refused(l.admit("alice", "claude-opus-4-1", false));
        assertEquals(LimitName.COST_PER_DAY, r.limit());
        assertEquals("models:claude-opus-*", r.scope());
        assertEquals(2 * USD, r.used());
        admitted(l.admit("alice", "claude-sonnet-4-5", false)).close();
    }

    @Test
    void tokenCountingCallsCostNothingAndAreNotCounted() {
        Limiter l = f.limiter("default: {costPerDay: 1, tokensPerDay: 10}");
        l.record(new LedgerEntry(f.clock.instant(), "r", "alice", "claude_code", "p", "k", "m", null, 200, "ok",
                new piapi.usage.Usage(5000, -1, -1, -1, -1, -1, -1), 5 * USD, piapi.ledger.UsageState.COMPLETE, true));
        admitted(l.admit("alice", "m", false)).close();
        assertEquals(0, l.status("alice").tokensToday());
        assertEquals(0, l.status("alice").costTodayNanos());
    }

    @Test
    void aDayAcrossTheSpringDstChangeIs23Hours() {
        // Berlin, 29 March 2026: 02:00 becomes 03:00; the day runs from 23:00Z on the 28th to 22:00Z on the 29th
        f.clock.advance(Duration.ofDays(19)); // 29 March 12:00Z
        Limiter l = f.limiter("timezone: Europe/Berlin\ndefault: {requestsPerDay: 1}");
        admitted(l.admit("alice", "m", false)).close();
        Refusal r = refused(l.admit("alice", "m", false));
        assertEquals(Instant.parse("2026-03-29T22:00:00Z"), r.resetsAt());
        assertEquals(10 * 3600, r.retryAfterSeconds());
        f.clock.advance(Duration.ofHours(10).minusSeconds(1));
        refused(l.admit("alice", "m", false));
        f.clock.advance(Duration.ofSeconds(1));
        admitted(l.admit("alice", "m", false)).close();
    }

    @Test
    void aDayAcrossTheAutumnDstChangeIs25Hours() {
        // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST; the day runs from 04:00Z on the 1st to 05:00Z on the 2nd
        f.clock.advance(Duration.between(f.clock.instant(), Instant.parse("2026-11-01T04:30:00Z")));
        Limiter l = f.limiter("timezone: America/New_York\ndefault: {requestsPerDay: 1}");
        admitted(l.admit("alice", "m", false)).close();
        Refusal r = refused(l.admit("alice", "m", false));
        assertEquals(Instant.parse("2026-11-02T05:00:00Z"), r.resetsAt());
        assertEquals(Duration.ofHours(24).plusMinutes(30).toSeconds(), r.retryAfterSeconds());
    }

    @Test
    void limitsReloadWhileCountersStay() {
        Limiter l = f.limiter("default: {tokensPerDay: 1000}");
        use(l, "alice", 900, 0);
        l.configChanged(f.config("default: {tokensPerDay: 500}", "{}"));
        Refusal r = refused(l.admit("alice", "m", false));
        assertEquals(900, r.used(), "the counter survived the reload");
        assertEquals(500, r.max(), "the new limit applies at once");
        l.configChanged(f.config("default: {tokensPerDay: 1000}", "{tokensPerDay: none}"));
        admitted(l.admit("alice", "m", false)).close();
    }
}
