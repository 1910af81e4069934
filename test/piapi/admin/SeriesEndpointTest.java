package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestClock;

/** GET /series: requests, errors and p95s per minute for the last hour, on a clock the test moves. */
class SeriesEndpointTest {
    @Test
    @SuppressWarnings("unchecked")
    void countsEachMinuteAndMovesWithTheClock() throws Exception {
        TestClock clock = new TestClock();
        try (FakeUpstream up = FakeUpstream.json(200, "{}");
             GatewayHarness piapi = GatewayHarness.start(TestConfig.adminConfig(up.url(), "alice").yaml(), Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN), clock)) {
            AdminClient admin = new AdminClient(piapi);
            for (int i = 0; i < 3; i++) assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
            assertEquals(401, piapi.post("/piapi/codex/x", "wrong-key", "{}").statusCode());
            // all four recorded before the clock moves: a response can reach the client (and the next request be
            // served on its connection) before its own request is recorded
            piapi.log.accessLines(4);
            clock.advance(Duration.ofMinutes(2));
            assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
            piapi.log.await("the fifth line", l -> piapi.log.lines().stream().filter(x -> x.containsKey("outcome")).count() == 5);

            Map<String, Object> s = AdminClient.json(admin.call("GET", "/series", null));
            List<Map<String, Object>> points = (List<Map<String, Object>>) s.get("points");
            assertEquals(60, points.size());
            assertEquals("2026-01-01T00:02:00Z", points.get(59).get("time"));
            assertEquals(1L, points.get(59).get("requests"));
            assertEquals(0L, points.get(58).get("requests"));
            assertNull(points.get(58).get("latency_p95_ms"));
            Map<String, Object> first = points.get(57);
            assertEquals("2026-01-01T00:00:00Z", first.get("time"));
            assertEquals(4L, first.get("requests"));
            assertEquals(1L, first.get("errors"));
            assertTrue(((Number) first.get("latency_p95_ms")).doubleValue() > 0);
            assertEquals(0L, s.get("active_streams"));
            assertEquals(0L, s.get("in_flight"));

            clock.advance(Duration.ofMinutes(60));
            points = (List<Map<String, Object>>) AdminClient.json(admin.call("GET", "/series", null)).get("points");
            assertEquals(0L, points.stream().mapToLong(p -> (Long) p.get("requests")).sum(), "an hour later all of it is gone");
        }
    }
}
