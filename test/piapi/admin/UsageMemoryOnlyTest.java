package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.usage.Usage;
import piapi.support.TestConfig;

/** A data dir that cannot be written: usage is kept in memory, and piapi says so at start and in /status. */
class UsageMemoryOnlyTest {
    @SuppressWarnings("unchecked")
    @Test
    void usageIsKeptInMemoryAndStatusSaysWhy() throws Exception {
        Path blocker = Files.createTempFile("piapi-not-a-dir", ".txt");
        try (FakeUpstream upstream = FakeUpstream.json(200, "{}");
             GatewayHarness piapi = GatewayHarness.start(TestConfig.adminConfig(upstream.url(), "alice").yaml()
                     + "server:\n  dataDir: " + blocker.resolve("data").toString().replace("\\", "/") + "\n", Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN))) {
            piapi.log.await("ledger_memory_only event", m -> "ledger_memory_only".equals(m.get("event")));
            piapi.gateway.ledger().append(new LedgerEntry(Instant.now(), "m1", "alice", "codex", "alpha", "main", "gpt-5", "gpt-5", 200, "ok",
                    new Usage(5, Usage.ABSENT, Usage.ABSENT, Usage.ABSENT, 5, Usage.ABSENT, Usage.ABSENT), 1, UsageState.COMPLETE, false));
            HttpResponse<String> status = piapi.send(piapi.request("/piadmin/api/status").header("Authorization", "Bearer " + ADMIN_TOKEN).build());
            Map<String, Object> json = JsonReader.parseObject(status.body());
            assertEquals(false, ((Map<String, Object>) json.get("data_dir")).get("writable"));
            Map<String, Object> ledger = (Map<String, Object>) json.get("usage_ledger");
            assertEquals("memory", ledger.get("mode"));
            assertTrue(String.valueOf(ledger.get("memory_only_reason")).contains("cannot write"), ledger.toString());
            HttpResponse<String> usage = piapi.send(piapi.request("/piadmin/api/usage").header("Authorization", "Bearer " + ADMIN_TOKEN).build());
            List<Map<String, Object>> rows = (List<Map<String, Object>>) JsonReader.parseObject(usage.body()).get("rows");
            assertEquals(1L, rows.get(0).get("requests"));
        } finally {
            Files.delete(blocker);
        }
    }
}
