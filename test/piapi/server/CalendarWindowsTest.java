package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.demo.DemoProvider;
import piapi.demo.Pacing;
import piapi.http.JsonReader;
import piapi.support.GatewayHarness;
import piapi.support.TestClock;

/**
 * Day and month windows reset at calendar boundaries in the configured timezone (issue 15), through the real
 * gateway with an injected clock: across midnight, across a month's end, and across a restart, whose counters
 * are rebuilt from the ledger in the shared data dir.
 */
class CalendarWindowsTest {
    static final String KEY = "piapi-calendar-key-0001";
    DemoProvider demo;
    GatewayHarness piapi;
    @TempDir
    Path data;

    @AfterEach
    void stop() throws Exception {
        if (piapi != null) piapi.close();
        if (demo != null) demo.close();
    }

    GatewayHarness start(TestClock clock, String timezone, String limits) throws Exception {
        if (demo == null) demo = DemoProvider.start(Pacing.NONE, false);
        return GatewayHarness.start("""
                server: { dataDir: "%s" }
                providers:
                  - name: demo
                    apiKeys: { k: sk-demo }
                    services: [{ type: codex, baseUrl: "%s/v1" }]
                users:
                  - { name: alice, apiKey: %s, services: { codex: { providerName: demo, providerKeyName: k } }, limits: %s }
                limits: { timezone: %s }
                pricing: { gpt-5: { input: 1.25, output: 10 } }
                """.formatted(data, demo.baseUrl(), KEY, limits, timezone), Map.of(), clock);
    }

    HttpResponse<String> call() throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/codex/responses", KEY, "{\"model\":\"gpt-5\",\"input\":\"hello\"}");
        piapi.log.accessLine(GatewayHarness.requestId(r)); // recorded (and counted) before the next call
        return r;
    }

    static String resetsAt(HttpResponse<String> refused) throws Exception {
        return (String) ((Map<?, ?>) JsonReader.parseObject(refused.body()).get("error")).get("resets_at");
    }

    Map<?, ?> me() throws Exception {
        return JsonReader.parseObject(piapi.send(piapi.request("/me/usage").header("Authorization", "Bearer " + KEY).GET().build()).body());
    }

    @Test
    void aDayQuotaResetsAtMidnightInTheConfiguredTimezone() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T22:59:30Z")); // 23:59:30 in Berlin (CET)
        piapi = start(clock, "Europe/Berlin", "{ requestsPerDay: 1 }");
        assertEquals(200, call().statusCode());
        HttpResponse<String> refused = call();
        assertEquals(429, refused.statusCode());
        assertEquals("2026-03-10T23:00:00Z", resetsAt(refused), "midnight in Berlin, not in UTC");
        assertEquals("30", refused.headers().firstValue("Retry-After").orElseThrow());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(200, call().statusCode(), "a new day in Berlin");
        assertEquals("2026-03-11", ((Map<?, ?>) me().get("today")).get("day"));
    }

    @Test
    void aMonthlyCapResetsOnTheFirstOfTheMonth() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-31T23:58:00Z"));
        piapi = start(clock, "UTC", "{ costPerMonth: 0.000001 }");
        assertEquals(200, call().statusCode());
        HttpResponse<String> refused = call();
        assertEquals(429, refused.statusCode());
        assertEquals("2026-04-01T00:00:00Z", resetsAt(refused));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(200, call().statusCode(), "April: the cap starts over");
        Map<?, ?> month = (Map<?, ?>) me().get("month");
        assertEquals("2026-04", month.get("month"));
    }

    @Test
    void dayAndMonthCountersHoldAcrossARestart() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T12:00:00Z"));
        String limits = "{ requestsPerDay: 2, costPerMonth: 1 }";
        piapi = start(clock, "UTC", limits);
        assertEquals(200, call().statusCode());
        assertEquals(200, call().statusCode());
        Map<?, ?> before = me();
        piapi.close(); // writes and syncs the ledger on the way down
        piapi = start(clock, "UTC", limits);
        HttpResponse<String> refused = call();
        assertEquals(429, refused.statusCode(), "a restart never resets a quota: " + refused.body());
        assertEquals("requests_per_day", ((Map<?, ?>) JsonReader.parseObject(refused.body()).get("error")).get("limit"));
        Map<?, ?> after = me();
        assertEquals(before.get("today"), after.get("today"), "the same tokens and cost, rebuilt from the ledger");
        assertEquals(before.get("month"), after.get("month"));
        clock.advance(Duration.ofHours(12));
        assertEquals(200, call().statusCode(), "the next day");
    }
}
