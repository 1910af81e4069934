package piapi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.support.Ledgers;

/**
 * The demo's traffic has a cost: its config prices every demo model, so each user's requests are recorded
 * priced (none unpriced) in the ledger, in {@code GET /piadmin/api/usage} and in the user's {@code /me/usage}.
 */
class DemoCostTest extends DemoGatewayTestBase {
    /** One request per user, each on another protocol; carol's asks for a 1-hour prompt cache, so cache writes are priced too. */
    private static final List<String[]> CALLS = List.of(
            new String[] {"alice", "/piapi/openai/chat/completions",
                    "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"What does the demo cost? Tell me at some length, please.\"}]}"},
            new String[] {"bob", "/piapi/codex/responses",
                    "{\"model\":\"gpt-5-codex\",\"input\":\"list the files\",\"reasoning\":{\"effort\":\"low\"},\"stream\":true}"},
            new String[] {"carol", "/piapi/claude_code/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"system\":"
                    + "[{\"type\":\"text\",\"text\":\"" + "You are a helpful assistant for the piapi gateway demo. ".repeat(8)
                    + "\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"});

    @Test
    void eachDemoRequestIsRecordedWithACostInTheLedgerTheUsageApiAndMeUsage() throws Exception {
        Map<String, Long> nanosByUser = new HashMap<>();
        boolean cacheWritten = false;
        for (String[] call : CALLS) {
            HttpResponse<String> r = demo.post(call[0], call[1], call[2]);
            assertEquals(200, r.statusCode(), r.body());
            String id = r.headers().firstValue("X-Piapi-Request-Id").orElseThrow();
            demo.log.accessLine(id);
            LedgerEntry e = Ledgers.all(demo.gateway).stream().filter(x -> x.requestId().equals(id)).findFirst().orElseThrow();
            assertTrue(e.costNanos() > 0, call[0] + ": " + e);
            cacheWritten |= e.usage().cacheWrite1h() > 0;
            nanosByUser.put(call[0], e.costNanos());
        }
        assertTrue(cacheWritten, "carol's request wrote to the 1-hour cache, and was priced all the same");

        HttpResponse<String> usage = demo.admin("/piadmin/api/usage?group_by=user");
        assertEquals(200, usage.statusCode(), usage.body());
        List<?> rows = (List<?>) JsonReader.parseObject(usage.body()).get("rows");
        assertEquals(3, rows.size(), usage.body());
        for (Object o : rows) {
            Map<String, Object> row = cast(o);
            String user = (String) row.get("user");
            assertEquals(0L, row.get("unpriced_requests"), usage.body());
            assertEquals(nanosByUser.get(user) / 1e9, ((Number) row.get("cost_usd")).doubleValue(), 1e-12, user);
        }

        HttpResponse<String> me = demo.client.send(demo.request("/me/usage").header("Authorization", "Bearer " + demo.key("alice")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        Map<String, Object> today = cast(JsonReader.parseObject(me.body()).get("today"));
        assertEquals(nanosByUser.get("alice") / 1e9, ((Number) today.get("cost_usd")).doubleValue(), 1e-12, me.body());
    }
}
