package piapi.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.ledger.LedgerFixture.flushOrFail;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.usage.Usage;

/** Aggregation by user, service, provider, model and day; JSON and CSV; repricing. */
class UsageReportTest {
    static final ZoneId UTC = ZoneId.of("UTC");
    final LedgerFixture f = new LedgerFixture();
    final Ledger ledger = f.open("node-a");

    UsageReportTest() throws IOException {}

    @AfterEach
    void cleanUp() throws IOException {
        f.close();
    }

    void add(String id, String time, String user, String model, Usage usage, long cost, UsageState state, boolean countTokens) {
        ledger.append(new LedgerEntry(Instant.parse(time), id, user, "claude_code", "anthropic", "main", model, model, 200, "ok", usage,
                cost, state, countTokens));
    }

    static Usage usage(long input, long cacheRead, long output, long reasoning) {
        return new Usage(input, cacheRead, Usage.ABSENT, Usage.ABSENT, output, reasoning, Usage.ABSENT);
    }

    void fill() {
        add("a1", "2026-03-09T23:59:59Z", "alice", "opus", usage(100, 50, 10, 2), 1_000_000, UsageState.COMPLETE, false);
        add("a2", "2026-03-10T00:00:00Z", "alice", "opus", usage(200, 0, 20, Usage.ABSENT), 2_000_000, UsageState.COMPLETE, false);
        add("a3", "2026-03-10T08:00:00Z", "alice", "haiku", Usage.UNKNOWN, LedgerEntry.UNPRICED, UsageState.UNKNOWN, false);
        add("b1", "2026-03-10T09:00:00Z", "bob", "opus", usage(300, Usage.ABSENT, 30, Usage.ABSENT), 3_000_000, UsageState.PARTIAL, false);
        add("b2", "2026-03-10T09:00:01Z", "bob", "opus", Usage.UNKNOWN, 0, UsageState.UNKNOWN, true);
        add("c1", "2026-03-11T00:00:00Z", "carol", "opus", usage(1, 0, 1, 0), 7, UsageState.COMPLETE, false);
    }

    UsageReport report(String from, String to, List<GroupKey> by) throws IOException {
        return ledger.aggregate(new UsageQuery(LocalDate.parse(from), LocalDate.parse(to), UTC, by));
    }

    @Test
    void rowsPerUserAndDayWithInclusiveBounds() throws IOException {
        fill();
        flushOrFail(ledger);
        UsageReport r = report("2026-03-10", "2026-03-10", List.of(GroupKey.USER, GroupKey.DAY));
        assertEquals(2, r.rows().size(), "a1 is on the 9th and c1 on the 11th: outside");
        UsageReport.Row alice = r.rows().get(0);
        assertEquals(List.of("alice", "2026-03-10"), alice.keys());
        assertEquals(2, alice.counters().requests());
        assertEquals(200, alice.counters().inputTokens(), "the unknown usage adds nothing");
        assertEquals(2_000_000, alice.counters().costNanos());
        assertEquals(1, alice.counters().unpricedRequests());
        assertEquals(1, alice.counters().unknownUsageRequests());
        UsageReport.Row bob = r.rows().get(1);
        assertEquals(1, bob.counters().requests(), "the token-counting call is counted apart");
        assertEquals(1, bob.counters().countTokensRequests());
        assertEquals(1, bob.counters().partialRequests());
        assertEquals(3, r.totals().requests());
        assertEquals(500, r.totals().inputTokens());
        assertEquals(5_000_000, r.totals().costNanos());
    }

    @Test
    void unflushedEntriesAreCountedToo() throws IOException {
        fill(); // no flush: whatever is not on disk yet comes from memory
        assertEquals(6 - 1, report("2026-03-01", "2026-03-31", List.of()).totals().requests());
    }

    @Test
    void groupByModelAndProviderAndService() throws IOException {
        fill();
        UsageReport r = report("2026-03-01", "2026-03-31", List.of(GroupKey.SERVICE, GroupKey.PROVIDER, GroupKey.MODEL));
        assertEquals(List.of(List.of("claude_code", "anthropic", "haiku"), List.of("claude_code", "anthropic", "opus")),
                r.rows().stream().map(UsageReport.Row::keys).toList());
        assertEquals(4, r.rows().get(1).counters().requests());
    }

    @Test
    void daysFollowTheReportsTimeZone() throws IOException {
        fill();
        UsageReport tokyo = ledger.aggregate(new UsageQuery(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-10"),
                ZoneId.of("Asia/Tokyo"), List.of(GroupKey.DAY)));
        // Tokyo is UTC+9: a1 (23:59:59 UTC on the 9th) is on the 10th there, c1 (midnight UTC on the 11th) is on the 11th
        assertEquals(List.of(List.of("2026-03-10")), tokyo.rows().stream().map(UsageReport.Row::keys).toList());
        assertEquals(List.of("a1", "a2", "a3", "b1", "b2"), idsIn(tokyo.query()));
        assertEquals(List.of("a2", "a3", "b1", "b2"), idsIn(new UsageQuery(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-10"),
                UTC, List.of())));
    }

    private List<String> idsIn(UsageQuery q) throws IOException {
        List<String> ids = new java.util.ArrayList<>();
        ledger.read(q.from(), q.to(), q.zone(), e -> ids.add(e.requestId()));
        return ids;
    }

    @Test
    void costsCanBeRecomputedFromTheTokens() throws IOException {
        fill();
        Pricer fixed = (model, u) -> model.equals("opus") ? Math.max(0, u.input()) * 1000 + Math.max(0, u.output()) * 5000 : -1;
        UsageReport r = ledger.aggregate(new UsageQuery(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-10"), UTC,
                List.of(GroupKey.USER), fixed, UsageQuery.MAX_GROUPS));
        assertEquals(200 * 1000 + 20 * 5000, r.rows().get(0).counters().costNanos());
        assertEquals(1, r.rows().get(0).counters().unpricedRequests(), "haiku has no price in the new list");
        assertEquals(300 * 1000 + 30 * 5000, r.rows().get(1).counters().costNanos());
        assertTrue(UsageReportFormat.json(r).contains("\"repriced\":true"));
    }

    @Test
    void theNumberOfRowsIsBounded() throws IOException {
        for (int i = 0; i < 30; i++) {
            add("m" + i, "2026-03-10T10:00:00Z", "alice", "model-" + i, usage(1, 0, 1, 0), 1, UsageState.COMPLETE, false);
        }
        UsageReport r = ledger.aggregate(new UsageQuery(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-10"), UTC,
                List.of(GroupKey.MODEL), null, 10));
        assertTrue(r.tooManyGroups());
        assertEquals(10, r.rows().size());
        assertEquals(30, r.totals().requests(), "totals stay complete");
        assertFalse(report("2026-03-10", "2026-03-10", List.of(GroupKey.MODEL)).tooManyGroups());
    }

    @Test
    void jsonHasTheContractShape() throws Exception {
        fill();
        UsageReport r = report("2026-03-10", "2026-03-10", List.of(GroupKey.USER, GroupKey.DAY));
        Map<String, Object> json = JsonReader.parseObject(UsageReportFormat.json(r));
        assertEquals("2026-03-10", json.get("from"));
        assertEquals("2026-03-10", json.get("to"));
        assertEquals("UTC", json.get("timezone"));
        assertEquals(List.of("user", "day"), json.get("group_by"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("rows");
        Map<String, Object> alice = rows.get(0);
        assertEquals("alice", alice.get("user"));
        assertEquals("2026-03-10", alice.get("day"));
        assertEquals(2L, alice.get("requests"));
        assertEquals(0.002, alice.get("cost_usd"));
        for (String counter : UsageReportFormat.COUNTERS) assertTrue(alice.containsKey(counter), counter);
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) json.get("totals");
        assertEquals(0.005, totals.get("cost_usd"));
        assertEquals(3L, totals.get("requests"));
    }

    @Test
    void csvHasAHeaderThenOneLinePerRow() throws IOException {
        fill();
        String csv = UsageReportFormat.csv(report("2026-03-10", "2026-03-10", List.of(GroupKey.USER, GroupKey.DAY)));
        String[] lines = csv.split("\r\n");
        assertEquals("user,day,requests,input_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens,output_tokens,"
                + "reasoning_tokens,web_searches,cost_usd,unpriced_requests,unknown_usage_requests,partial_requests,count_tokens_requests", lines[0]);
        assertEquals("alice,2026-03-10,2,200,0,0,0,20,0,0,0.002,1,1,0,0", lines[1]);
        assertEquals("bob,2026-03-10,1,300,0,0,0,30,0,0,0.003,0,0,1,1", lines[2]);
        assertEquals(3, lines.length);
    }

    @Test
    void csvCellsAreQuotedAndNeverRunAsFormulas() {
        assertEquals("plain", UsageReportFormat.cell(new StringBuilder(), "plain").toString());
        assertEquals("\"a,b\"", UsageReportFormat.cell(new StringBuilder(), "a,b").toString());
        assertEquals("\"say \"\"hi\"\"\"", UsageReportFormat.cell(new StringBuilder(), "say \"hi\"").toString());
        assertEquals("'=HYPERLINK(1)", UsageReportFormat.cell(new StringBuilder(), "=HYPERLINK(1)").toString());
        assertEquals("\"'=1,2\"", UsageReportFormat.cell(new StringBuilder(), "=1,2").toString());
        assertEquals("'@x", UsageReportFormat.cell(new StringBuilder(), "@x").toString());
        assertEquals("'-1", UsageReportFormat.cell(new StringBuilder(), "-1").toString());
    }
}
