package piapi.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.limits.LimitsFixture.admitted;
import static piapi.limits.LimitsFixture.entry;
import static piapi.limits.LimitsFixture.refused;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.ledger.Ledger;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.usage.Usage;

/** Day and month counters come back from the ledger at start, so a restart never resets a quota. */
class RebuildFromLedgerTest {
    static final long USD = 1_000_000_000L;
    static final ZoneId UTC = ZoneId.of("UTC");
    static final String LIMITS = "default: {tokensPerDay: 1000, costPerMonth: 10, requestsPerDay: 5}";
    final LimitsFixture f = new LimitsFixture(Instant.parse("2026-03-10T12:00:00Z"));

    RebuildFromLedgerTest() throws IOException {}

    @AfterEach
    void cleanUp() throws IOException {
        f.close();
    }

    /** A request the way the pipeline will do it: admitted, recorded in the ledger (which tells the limiter), closed. */
    void request(Limiter l, Ledger ledger, long tokens, long cost) {
        try (Permit p = admitted(l.admit("alice", "claude-sonnet-4-5", false))) {
            ledger.append(f.entry("alice", tokens, cost));
            assertTrue(!p.released());
        }
    }

    @Test
    void aRestartKeepsTheDaysAndTheMonthsCounters() {
        Ledger first = f.ledger("node-a", UTC);
        Limiter before = f.limiter(LIMITS, "{}", first);
        request(before, first, 600, 4 * USD);
        request(before, first, 600, 4 * USD);
        Refusal r = refused(before.admit("alice", "m", false));
        assertEquals(LimitName.TOKENS_PER_DAY, r.limit());
        first.close();

        Ledger second = f.ledger("node-a", UTC); // the restart
        Limiter after = f.limiter(LIMITS, "{}", second);
        Refusal again = refused(after.admit("alice", "m", false));
        assertEquals(r, again, "the same refusal after the restart");
        UserLimitsView v = after.status("alice");
        assertEquals(2, v.requestsToday());
        assertEquals(1200, v.tokensToday());
        assertEquals(8 * USD, v.costMonthNanos());
        f.log.await("limits_rebuilt event", m -> "limits_rebuilt".equals(m.get("event")) && Long.valueOf(2).equals(m.get("entries")));
        second.close();

        f.clock.advance(Duration.ofHours(12)); // the next day, restarted again: the day is new, the month is not
        Ledger third = f.ledger("node-a", UTC);
        Limiter nextDay = f.limiter(LIMITS, "{}", third);
        request(nextDay, third, 10, 2 * USD);
        Refusal month = refused(nextDay.admit("alice", "m", false));
        assertEquals(LimitName.COST_PER_MONTH, month.limit());
        assertEquals(10 * USD, month.used());
        third.close();
    }

    @Test
    void everyReplicasFilesCountAndLastMonthDoesNot() throws IOException {
        Files.createDirectories(f.root.resolve("usage"));
        StringBuilder b = new StringBuilder();
        b.append(line(entry("alice", Instant.parse("2026-03-10T08:00:00Z"), 700, USD, "m"))).append('\n');
        b.append(line(entry("alice", Instant.parse("2026-03-02T08:00:00Z"), 5000, 6 * USD, "m"))).append('\n');
        Files.writeString(f.root.resolve("usage/2026-03-10.node-b.jsonl"), b.toString());
        Files.writeString(f.root.resolve("usage/2026-02-28.node-b.jsonl"),
                line(entry("alice", Instant.parse("2026-02-28T08:00:00Z"), 9000, 100 * USD, "m")) + "\n");
        Ledger ledger = f.ledger("node-a", UTC);
        Limiter l = f.limiter(LIMITS, "{}", ledger);
        UserLimitsView v = l.status("alice");
        assertEquals(700, v.tokensToday(), "today's tokens from the other replica");
        assertEquals(7 * USD, v.costMonthNanos(), "this month's cost, February's not");
        assertEquals(1, v.requestsToday());
        ledger.close();
    }

    @Test
    void tokenCountingCallsAndRefusedRequestsAreNotRebuiltAsRequests() {
        Ledger ledger = f.ledger("node-a", UTC);
        ledger.append(new LedgerEntry(f.clock.instant(), "ct", "alice", "claude_code", "p", "k", "m", null, 200, "ok", Usage.UNKNOWN, 0,
                UsageState.UNKNOWN, true));
        ledger.append(new LedgerEntry(f.clock.instant(), "rj", "alice", "claude_code", "", "", "m", null, 429, "rejected", Usage.UNKNOWN,
                LedgerEntry.UNPRICED, UsageState.UNKNOWN, false));
        ledger.append(f.entry("alice", 10, 0));
        ledger.close();
        Ledger again = f.ledger("node-a", UTC);
        Limiter l = f.limiter(LIMITS, "{}", again);
        assertEquals(1, l.status("alice").requestsToday());
        again.close();
    }

    @Test
    void aUserAddedByAReloadGetsThisMonthsCountersFromTheLedger() {
        Ledger ledger = f.ledger("node-a", UTC);
        Limiter l = f.limiter(LIMITS, "{}", ledger);
        request(l, ledger, 900, 0);
        f.clock.advance(Duration.ofMillis(1));
        // alice leaves the config (her counters go), then comes back the same day
        l.configChanged(f.configWithoutAlice(LIMITS));
        assertEquals(null, l.status("alice"));
        ledger.append(f.entry("bob", 5, 0));
        f.clock.advance(Duration.ofMillis(1));
        l.configChanged(f.config(LIMITS, "{}"));
        f.clock.advance(Duration.ofMillis(1));
        assertTrue(l.awaitRebuilt(Duration.ofSeconds(20)));
        assertEquals(900, l.status("alice").tokensToday(), "rebuilt from the ledger, not yet flushed entries included");
        assertEquals(5, l.status("bob").tokensToday(), "bob's counters were never dropped");
        ledger.append(f.entry("alice", 200, 0)); // recorded after the rebuild started: counted live, once
        assertEquals(1100, l.status("alice").tokensToday());
        refused(l.admit("alice", "m", false));
        ledger.close();
    }

    static String line(LedgerEntry e) {
        // what another replica's writer leaves behind, written by hand
        return "{\"time\":\"" + e.time() + "\",\"request_id\":\"" + e.requestId() + "\",\"user\":\"" + e.user()
                + "\",\"status\":200,\"outcome\":\"ok\",\"usage\":\"complete\",\"input_tokens\":" + e.usage().input()
                + ",\"output_tokens\":0,\"cost_usd\":" + java.math.BigDecimal.valueOf(e.costNanos(), 9).toPlainString() + "}";
    }
}
