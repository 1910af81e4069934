package piapi.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.limits.LimitsFixture.admitted;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.http.JsonWriter;

class LimitsJsonTest {
    final LimitsFixture f = new LimitsFixture(Instant.parse("2026-03-10T12:00:00Z"));

    LimitsJsonTest() throws IOException {}

    @AfterEach
    void cleanUp() throws IOException {
        f.close();
    }

    @SuppressWarnings("unchecked")
    @Test
    void theAdminViewListsEachUsersLimitsWithUsedMaxAndReset() throws Exception {
        Limiter l = f.limiter("default: {requestsPerMinute: 60, concurrent: 4, costPerDay: 20, "
                + "modelCaps: [{models: [claude-opus-*], costPerMonth: 5}]}", "{tokensPerDay: 1000}", null);
        Permit p = admitted(l.admit("alice", "m", false));
        l.record(f.entry("alice", 250, 1_500_000_000L));
        Map<String, Object> json = JsonReader.parseObject(LimitsJson.users(l.status(), "UTC"));
        List<Map<String, Object>> users = (List<Map<String, Object>>) json.get("users");
        assertEquals(List.of("alice", "bob"), users.stream().map(u -> u.get("user")).toList());
        List<Map<String, Object>> alice = (List<Map<String, Object>>) users.get(0).get("limits");
        assertEquals(List.of("requests_per_minute", "concurrent_requests", "tokens_per_day", "cost_per_day", "cost_per_month"),
                alice.stream().map(m -> m.get("limit")).toList());
        assertEquals(Map.of("limit", "requests_per_minute", "scope", "user", "used", 1L, "max", 60L, "remaining", 59L,
                "resets_at", "2026-03-10T12:00:01Z", "resets_in_seconds", 1L), alice.get(0));
        Map<String, Object> concurrent = alice.get(1);
        assertEquals(1L, concurrent.get("used"));
        assertEquals(null, concurrent.get("resets_at"));
        assertEquals(Map.of("limit", "tokens_per_day", "scope", "user", "used", 250L, "max", 1000L, "remaining", 750L,
                "resets_at", "2026-03-11T00:00:00Z", "resets_in_seconds", 43200L), alice.get(2));
        assertEquals(1.5, alice.get(3).get("used"), "cost in dollars");
        assertEquals(20L, alice.get(3).get("max"));
        assertEquals("models:claude-opus-*", alice.get(4).get("scope"));
        assertEquals("2026-04-01T00:00:00Z", alice.get(4).get("resets_at"));
        Map<String, Object> today = (Map<String, Object>) users.get(0).get("today");
        assertEquals(Map.of("day", "2026-03-10", "requests", 1L, "tokens", 250L, "cost_usd", 1.5), today);
        p.close();
    }

    @Test
    void theUsersOwnViewSaysWhatRemainsAndWhenItResets() throws Exception {
        Limiter l = f.limiter("default: {tokensPerDay: 100}", "{}", null);
        admitted(l.admit("alice", "m", false)).close();
        l.record(f.entry("alice", 150, 0));
        Map<String, Object> me = JsonReader.parseObject(LimitsJson.me(l.status("alice")));
        assertEquals("alice", me.get("user"));
        assertEquals("UTC", me.get("timezone"));
        @SuppressWarnings("unchecked")
        Map<String, Object> limit = ((List<Map<String, Object>>) me.get("limits")).get(0);
        assertEquals(150L, limit.get("used"), "one request overshot");
        assertEquals(0L, limit.get("remaining"), "never below zero");
    }

    @Test
    void aRefusalsFieldsForTheErrorEnvelopes() throws Exception {
        Refusal r = new Refusal(LimitName.COST_PER_MONTH, "models:o3", 5_250_000_000L, 5_000_000_000L, Instant.parse("2026-04-01T00:00:00Z"), 1_856_000);
        JsonWriter w = new JsonWriter().beginObject();
        LimitsJson.refusal(w, r);
        assertEquals("{\"limit\":\"cost_per_month\",\"scope\":\"models:o3\",\"used\":5.25,\"max\":5,\"resets_at\":\"2026-04-01T00:00:00Z\","
                + "\"retry_after_seconds\":1856000}", w.endObject().toString());
        assertEquals("cost_per_month limit reached (models:o3): used $5.25 of $5; resets at 2026-04-01T00:00:00Z", r.message());
        Refusal c = new Refusal(LimitName.CONCURRENT_REQUESTS, "user", 4, 4, null, 1);
        assertEquals("concurrent_requests limit reached (user): 4 of 4 requests in progress; retry when one ends", c.message());
    }
}
