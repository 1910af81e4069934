package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestClock;
import piapi.usage.Usage;
import piapi.support.TestConfig;

/**
 * {@code GET /piadmin/api/usage} and {@code /limits} on a real gateway whose data dir already holds ledger files
 * of two instances (an earlier run, and a replica), one of them with a torn last line.
 */
class UsageEndpointsTest {
    static final String AFTER_CONFIG = """
            pricing:
              gpt-5: { input: 1, output: 10 }
            server:
              dataDir: %s
            limits:
              default: { tokensPerDay: 1000, requestsPerMinute: 60 }
            """;
    Path data;
    FakeUpstream upstream;
    GatewayHarness piapi;
    final TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));

    static String line(String time, String id, String user, String model, long input, long output, String cost) {
        return "{\"time\":\"" + time + "\",\"request_id\":\"" + id + "\",\"user\":\"" + user + "\",\"service\":\"codex\",\"provider\":\"alpha\","
                + "\"key_name\":\"main\",\"model_requested\":\"" + model + "\",\"model_answered\":\"" + model + "\",\"status\":200,\"outcome\":\"ok\","
                + "\"usage\":\"complete\",\"input_tokens\":" + input + ",\"output_tokens\":" + output + "," + cost + "}\n";
    }

    @BeforeEach
    void start() throws Exception {
        data = Files.createTempDirectory("piapi-usage-api");
        Path usage = Files.createDirectories(data.resolve("usage"));
        // a replica's file of yesterday, torn by a crash in its last line
        String bob = line("2026-03-09T18:00:00Z", "b1", "bob", "gpt-5", 100, 10, "\"cost_usd\":0.5");
        Files.writeString(usage.resolve("2026-03-09.replica-b-9200.jsonl"), bob + bob.substring(0, 50));
        // today: an earlier run of this replica, and the other replica
        Files.writeString(usage.resolve("2026-03-10.replica-a.jsonl"), line("2026-03-10T08:00:00Z", "a1", "alice", "gpt-5", 400, 40, "\"cost_usd\":1.25"));
        Files.writeString(usage.resolve("2026-03-10.replica-b-9200.jsonl"),
                line("2026-03-10T09:00:00Z", "a2", "alice", "o3", 500, 50, "\"unpriced\":true")
                        + line("2026-03-10T09:30:00Z", "b2", "bob", "gpt-5", 1, 1, "\"cost_usd\":0.000001"));
        upstream = FakeUpstream.json(200, "{\"ok\":true}");
        String yaml = TestConfig.adminConfig(upstream.url(), "alice").yaml() + AFTER_CONFIG.formatted(data.toString().replace("\\", "/"));
        piapi = GatewayHarness.start(yaml, Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN, "PIAPI_INSTANCE", "replica-a"), clock);
    }

    @AfterEach
    void stop() throws Exception {
        piapi.close();
        upstream.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piadmin/api" + path).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
        AdminChecks.commonHeaders(r);
        return r;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) JsonReader.parseObject(r.body()).get("rows");
    }

    @Test
    void everyInstancesFilesByUserAndDaySkippingTheTornLine() throws Exception {
        HttpResponse<String> r = get("/usage?from=2026-03-09&to=2026-03-10&group_by=user,day");
        Map<String, Object> json = JsonReader.parseObject(r.body());
        assertEquals("UTC", json.get("timezone"));
        assertEquals(List.of("user", "day"), json.get("group_by"));
        assertEquals(1L, json.get("unreadable_lines"));
        List<Map<String, Object>> rows = rows(r);
        assertEquals(List.of("alice 2026-03-10", "bob 2026-03-09", "bob 2026-03-10"),
                rows.stream().map(m -> m.get("user") + " " + m.get("day")).toList());
        Map<String, Object> alice = rows.get(0);
        assertEquals(2L, alice.get("requests"));
        assertEquals(900L, alice.get("input_tokens"));
        assertEquals(90L, alice.get("output_tokens"));
        assertEquals(1.25, alice.get("cost_usd"));
        assertEquals(1L, alice.get("unpriced_requests"));
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) json.get("totals");
        assertEquals(4L, totals.get("requests"));
        assertEquals(1.750001, totals.get("cost_usd"));
    }

    @Test
    void whatThisInstanceHasNotWrittenYetIsIncludedAndWrittenAtShutdown() throws Exception {
        piapi.gateway.ledger().append(new LedgerEntry(clock.instant(), "live1", "alice", "codex", "alpha", "main", "gpt-5", "gpt-5", 200, "ok",
                new Usage(7, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, 3, Usage.ABSENT, Usage.ABSENT), 2_000_000_000L, UsageState.COMPLETE, false));
        List<Map<String, Object>> rows = rows(get("/usage?from=2026-03-10&to=2026-03-10&group_by=user"));
        assertEquals(3L, rows.get(0).get("requests"));
        assertEquals(3.25, rows.get(0).get("cost_usd"));
        piapi.gateway.close();
        List<String> lines = Files.readAllLines(data.resolve("usage/2026-03-10.replica-a.jsonl"));
        assertEquals(2, lines.size(), "appended after the earlier run's line: " + lines);
        assertTrue(lines.get(1).contains("\"request_id\":\"live1\""));
    }

    @Test
    void defaultsAreThisMonthByUser() throws Exception {
        List<Map<String, Object>> rows = rows(get("/usage"));
        assertEquals(List.of("alice", "bob"), rows.stream().map(m -> m.get("user")).toList());
        assertEquals(2L, rows.get(1).get("requests"), "the 9th and the 10th of March");
        List<Map<String, Object>> totalsOnly = rows(get("/usage?group_by="));
        assertEquals(1, totalsOnly.size());
        assertEquals(4L, totalsOnly.get(0).get("requests"));
    }

    @Test
    void byModelAndProviderAndService() throws Exception {
        List<Map<String, Object>> rows = rows(get("/usage?group_by=service,provider,model"));
        assertEquals(List.of("codex alpha gpt-5", "codex alpha o3"),
                rows.stream().map(m -> m.get("service") + " " + m.get("provider") + " " + m.get("model")).toList());
    }

    @Test
    void costsAreRecomputedFromTheTokensWithTodaysPrices() throws Exception {
        List<Map<String, Object>> rows = rows(get("/usage?group_by=model&reprice=true"));
        // gpt-5 at $1 / $10 per million: 501 input + 51 output tokens = $0.001011; o3 has no price
        assertEquals("gpt-5", rows.get(0).get("model"));
        assertEquals(0.001011, rows.get(0).get("cost_usd"));
        assertEquals(1L, rows.get(1).get("unpriced_requests"));
        assertTrue(get("/usage?reprice=true").body().contains("\"repriced\":true"));
        AdminChecks.error(get("/usage?reprice=yes"), 400, "bad_request");
    }

    @Test
    void csvForASpreadsheet() throws Exception {
        HttpResponse<String> r = get("/usage?from=2026-03-01&to=2026-03-31&group_by=user&format=csv");
        assertEquals(200, r.statusCode());
        assertEquals("text/csv; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"piapi-usage-2026-03-01-2026-03-31.csv\"", r.headers().firstValue("Content-Disposition").orElse(""));
        String[] lines = r.body().split("\r\n");
        assertEquals("user,requests,input_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens,output_tokens,"
                + "reasoning_tokens,web_searches,cost_usd,unpriced_requests,unknown_usage_requests,partial_requests,count_tokens_requests", lines[0]);
        assertEquals("alice,2,900,0,0,0,90,0,0,1.25,1,0,0,0", lines[1]);
        assertEquals("bob,2,101,0,0,0,11,0,0,0.500001,0,0,0,0", lines[2]);
    }

    @Test
    void badParametersAreRefusedWithAReason() throws Exception {
        assertTrue(AdminChecks.error(get("/usage?form=2026-03-01"), 400, "bad_request").get("message").toString().contains("unknown parameter 'form'"));
        assertTrue(AdminChecks.error(get("/usage?from=March"), 400, "bad_request").get("message").toString().contains("YYYY-MM-DD"));
        assertTrue(AdminChecks.error(get("/usage?from=2026-03-10&to=2026-03-01"), 400, "bad_request").get("message").toString().contains("after"));
        assertTrue(AdminChecks.error(get("/usage?from=2020-01-01&to=2026-03-01"), 400, "bad_request").get("message").toString().contains("400 days"));
        AdminChecks.error(get("/usage?group_by=user,team"), 400, "bad_request");
        AdminChecks.error(get("/usage?group_by=user,user"), 400, "bad_request");
        AdminChecks.error(get("/usage?format=xml"), 400, "bad_request");
        AdminChecks.error(get("/limits?user=alice"), 400, "bad_request");
        HttpResponse<String> anonymous = piapi.send(piapi.request("/piadmin/api/usage").GET().build());
        assertEquals(401, anonymous.statusCode());
    }

    @SuppressWarnings("unchecked")
    @Test
    void limitsShowTodaysCountersRebuiltFromTheLedgerAtStart() throws Exception {
        HttpResponse<String> r = get("/limits");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> json = JsonReader.parseObject(r.body());
        List<Map<String, Object>> users = (List<Map<String, Object>>) json.get("users");
        Map<String, Object> alice = users.get(0);
        assertEquals("alice", alice.get("user"));
        Map<String, Object> tokens = ((List<Map<String, Object>>) alice.get("limits")).stream()
                .filter(l -> "tokens_per_day".equals(l.get("limit"))).findFirst().orElseThrow();
        assertEquals(990L, tokens.get("used"), "both replicas' lines of today: 440 + 550");
        assertEquals(1000L, tokens.get("max"));
        assertEquals(10L, tokens.get("remaining"));
        assertEquals("2026-03-11T00:00:00Z", tokens.get("resets_at"));
        assertEquals(12L * 3600, tokens.get("resets_in_seconds"));
        assertEquals(2L, ((Map<String, Object>) alice.get("today")).get("requests"));
        piapi.log.await("limits_rebuilt", m -> "limits_rebuilt".equals(m.get("event")) && Long.valueOf(4).equals(m.get("entries")));
    }

    @SuppressWarnings("unchecked")
    @Test
    void limitsReloadWithTheConfigAndTheCountersStay() throws Exception {
        String yaml = Files.readString(piapi.configFile).replace("tokensPerDay: 1000", "tokensPerDay: 2000");
        Files.writeString(piapi.configFile, yaml);
        assertTrue(piapi.gateway.reloader().reloadNow() instanceof piapi.config.ReloadReport.Applied);
        Map<String, Object> json = JsonReader.parseObject(get("/limits").body());
        Map<String, Object> alice = ((List<Map<String, Object>>) json.get("users")).get(0);
        Map<String, Object> tokens = ((List<Map<String, Object>>) alice.get("limits")).stream()
                .filter(l -> "tokens_per_day".equals(l.get("limit"))).findFirst().orElseThrow();
        assertEquals(2000L, tokens.get("max"), "the new limit");
        assertEquals(990L, tokens.get("used"), "the same counter");
    }

    @SuppressWarnings("unchecked")
    @Test
    void statusSaysWhereUsageGoes() throws Exception {
        Map<String, Object> status = JsonReader.parseObject(get("/status").body());
        Map<String, Object> ledger = (Map<String, Object>) status.get("usage_ledger");
        assertEquals("disk", ledger.get("mode"));
        assertEquals("replica-a", ledger.get("instance"));
        assertEquals(data.resolve("usage").toString(), ledger.get("directory"));
        assertEquals(0L, ledger.get("lost"));
        String metrics = piapi.send(piapi.request("/metrics").GET().build()).body();
        assertTrue(metrics.contains("piapi_ledger_queue_depth 0"), metrics);
        assertTrue(metrics.contains("piapi_limit_refusals_total{limit=\"tokens_per_day\"} 0"), metrics);
    }
}
