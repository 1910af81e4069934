package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.support.DeadPort;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.RawHttp;
import piapi.support.TestClock;
import piapi.support.UpstreamGatewayBase;

/**
 * The record stage's ledger line (issue 11): one per proxied request of an identified user on every exit path, the
 * refusals among them, with the user, service, provider, key name, models, status, outcome, usage and cost; none
 * for requests nobody can be charged for; and the ledger closed inside the graceful stop, so a request the stop
 * cuts is on disk once the gateway is down.
 */
class UsageRecordTest extends UpstreamGatewayBase {
    static final String KEY = "piapi-record-key-0001";
    static final String ANSWER = "{\"model\":\"gpt-5-2025-08-07\",\"usage\":{\"input_tokens\":30,\"output_tokens\":7}}";
    DeadPort dead;
    @TempDir
    Path data;

    @AfterEach
    void closeDeadPort() throws Exception {
        if (dead != null) dead.close();
    }

    void start(FakeUpstream.Script script) throws Exception {
        upstream = FakeUpstream.start(script);
        dead = new DeadPort();
        piapi = GatewayHarness.start("""
                server: { dataDir: "%s" }
                providers:
                  - name: up
                    apiKeys: { main: sk-up }
                    services: [{ type: codex, baseUrl: "%s/v1" }]
                  - name: gone
                    apiKeys: { k: sk-gone }
                    services: [{ type: dead, baseUrl: "%s" }]
                users:
                  - name: alice
                    apiKey: %s
                    services: { codex: { providerName: up, providerKeyName: main }, dead: { providerName: gone, providerKeyName: k } }
                    limits: { requestsPerMinute: 1000 }
                limits: { maxRequestBody: 1KiB }
                pricing: { gpt-5: { input: 1.25, output: 10 } }
                """.formatted(data, upstream.url(), dead.url(), KEY));
    }

    HttpResponse<String> post(String path, String key, String body) throws Exception {
        return piapi.send(piapi.request(path).header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void everyExitPathOfAnIdentifiedUserWritesOneLine() throws Exception {
        start((ex, r) -> {
            if (r.rawPath().endsWith("/fail")) FakeUpstream.reply(ex, 500, "application/json", "{\"error\":{\"message\":\"boom\"}}");
            else FakeUpstream.reply(ex, 200, "application/json", ANSWER);
        });
        HttpResponse<String> ok = post("/piapi/codex/responses", KEY, "{\"model\":\"gpt-5\"}");
        LedgerEntry e = Ledgers.entry(piapi, GatewayHarness.requestId(ok));
        assertEquals("alice", e.user());
        assertEquals("codex", e.service());
        assertEquals("up", e.provider());
        assertEquals("main", e.keyName());
        assertEquals("gpt-5", e.modelRequested());
        assertEquals("gpt-5-2025-08-07", e.modelAnswered());
        assertEquals(200, e.status());
        assertEquals("ok", e.outcome());
        assertEquals(37, e.usage().totalTokens());
        assertEquals(30 * 1_250L + 7 * 10_000L, e.costNanos());
        assertEquals(UsageState.COMPLETE, e.usageState());

        assertOutcome(post("/piapi/codex/responses/fail", KEY, "{}"), 500, "ok"); // the upstream's own error, passed through
        assertOutcome(post("/piapi/dead/v1/x", KEY, "{}"), 502, "upstream_error"); // nothing listens
        assertOutcome(post("/piapi/codex/responses", KEY, "x".repeat(2048)), 413, "rejected"); // refused: the body is too large
        assertEquals(4, Ledgers.all(piapi.gateway).size(), "one line each so far");

        // nobody to charge: no key, a wrong key, a service the user has no route for
        for (HttpResponse<String> r : List.of(post("/piapi/codex/responses", "wrong-key", "{}"),
                piapi.send(piapi.request("/piapi/codex/responses").POST(HttpRequest.BodyPublishers.ofString("{}")).build()),
                post("/piapi/unknown/responses", KEY, "{}"))) {
            assertNull(Ledgers.of(piapi, GatewayHarness.requestId(r)), r.body());
        }
        assertEquals(4, Ledgers.all(piapi.gateway).size());
    }

    void assertOutcome(HttpResponse<String> r, int status, String outcome) {
        LedgerEntry e = Ledgers.entry(piapi, GatewayHarness.requestId(r));
        assertEquals(status, r.statusCode());
        assertEquals(status, e.status());
        assertEquals(outcome, e.outcome());
    }

    @Test
    void aStreamTheGracefulStopCutsIsOnDiskOnceTheGatewayIsDown() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"model\":\"gpt-5\",\"usage\":null}}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            started.countDown();
            never.await(30, TimeUnit.SECONDS); // silent until the gateway cuts it
        });
        HttpResponse<InputStream> stream = piapi.client.send(piapi.request("/piapi/codex/responses").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5\",\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        String id = GatewayHarness.requestId(stream);
        RawHttp.readUntil(stream.body(), "\n\n");
        assertTrue(started.await(10, TimeUnit.SECONDS));
        piapi.gateway.shutdown(Duration.ofMillis(200));
        never.countDown();
        String onDisk;
        try (Stream<Path> files = Files.list(data.resolve("usage"))) {
            onDisk = files.filter(p -> p.toString().endsWith(".jsonl")).map(UsageRecordTest::read).reduce("", String::concat);
        }
        assertTrue(onDisk.contains("\"request_id\":\"" + id + "\""), "written and synced before the stop returned: " + onDisk);
        Map<String, Object> line = piapi.log.accessLine(id);
        assertTrue(String.valueOf(line.get("error")).startsWith("cut off by shutdown"), line.toString());
        assertTrue(onDisk.contains("\"usage\":\"unknown\""), "the stream carried no usage before it was cut: unknown, not 0");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBodySpilledToDiskIsScannedForItsModelToo() throws Exception {
        upstream = FakeUpstream.json(200, ANSWER);
        piapi = GatewayHarness.start("""
                providers:
                  - name: up
                    apiKeys: { main: sk-up }
                    services: [{ type: codex, baseUrl: "%s/v1" }]
                users:
                  - { name: alice, apiKey: %s, services: { codex: { providerName: up, providerKeyName: main } } }
                limits: { requestBodyMemory: 0 }
                """.formatted(upstream.url(), KEY));
        // the model comes after a long conversation, so the scan reads the whole file
        String body = "{\"input\":[{\"role\":\"user\",\"content\":\"" + "long words ".repeat(20_000) + "\"}],\"model\":\"gpt-5-mini\"}";
        HttpResponse<String> r = post("/piapi/codex/responses", KEY, body);
        assertEquals(200, r.statusCode());
        assertEquals(body.length(), upstream.take().body().length, "the upstream got the whole body from the file");
        assertEquals("gpt-5-mini", Ledgers.entry(piapi, GatewayHarness.requestId(r)).modelRequested());
    }

    /**
     * A data dir that cannot be written (issue 11): piapi says so at start and in {@code /status}, serves on, and
     * keeps usage in memory: a proxied request is in the usage API and counts against the user's day quota.
     */
    @Test
    void withAnUnwritableDataDirUsageIsKeptInMemoryAndSaidAtStartAndInStatus() throws Exception {
        Path blocker = Files.createFile(data.resolve("a-file-not-a-directory"));
        upstream = FakeUpstream.start((ex, r) -> FakeUpstream.reply(ex, 200, "application/json", ANSWER));
        String admin = "admin-token-memory-only-0001";
        piapi = GatewayHarness.start("""
                server: { dataDir: "%s" }
                providers:
                  - name: up
                    apiKeys: { main: sk-up }
                    services: [{ type: codex, baseUrl: "%s/v1" }]
                users:
                  - { name: alice, apiKey: %s, services: { codex: { providerName: up, providerKeyName: main } }, limits: { requestsPerDay: 1 } }
                """.formatted(blocker.resolve("data"), upstream.url(), KEY), Map.of("PIAPI_ADMIN_TOKEN", admin),
                new TestClock(Instant.parse("2026-01-31T23:59:59Z"))); // still: the day's quota and the usage API's day cannot turn over
        piapi.log.await("data_dir_unwritable at start", m -> "data_dir_unwritable".equals(m.get("event")));
        piapi.log.await("ledger_memory_only at start", m -> "ledger_memory_only".equals(m.get("event")));
        HttpResponse<String> r = post("/piapi/codex/responses", KEY, "{\"model\":\"gpt-5\"}");
        assertEquals(200, r.statusCode());
        piapi.log.accessLine(GatewayHarness.requestId(r));
        Map<?, ?> status = JsonReader.parseObject(piapi.send(piapi.request("/piadmin/api/status").header("Authorization", "Bearer " + admin).GET()
                .build()).body());
        assertEquals(false, ((Map<?, ?>) status.get("data_dir")).get("writable"));
        assertEquals("memory", ((Map<?, ?>) status.get("usage_ledger")).get("mode"));
        String usage = piapi.send(piapi.request("/piadmin/api/usage").header("Authorization", "Bearer " + admin).GET().build()).body();
        assertTrue(usage.contains("\"user\":\"alice\",\"requests\":1,\"input_tokens\":30"), usage);
        assertEquals(429, post("/piapi/codex/responses", KEY, "{\"model\":\"gpt-5\"}").statusCode(), "the day's quota counts in memory");
        try (Stream<Path> files = Files.list(data)) {
            assertEquals(List.of(blocker), files.toList(), "nothing was written anywhere");
        }
    }
}
