package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ALICE_KEY;
import static piapi.support.TestConfig.BOB_KEY;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import piapi.config.ConfigLoader;
import piapi.config.ParsedConfig;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.DeadPort;
import piapi.support.TestConfig;

/**
 * {@code /metrics} of a running gateway after known traffic: every value checked, the whole text parsed
 * strictly (and by promtool when installed), in-flight and stream gauges observed mid-stream.
 */
class MetricsEndpointTest {
    static final CountDownLatch releaseStream = new CountDownLatch(1);
    static final CountDownLatch streamOpen = new CountDownLatch(1);
    static FakeUpstream upstream;
    static GatewayHarness piapi;
    static DeadPort dead;
    static String afterTraffic;
    static int refusedBodyBytes;

    @BeforeAll
    static void startAndSendTraffic() throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            if (r.rawPath().endsWith("/fail")) {
                FakeUpstream.reply(ex, 500, "application/json", "{\"error\":\"boom\"}");
            } else if (r.rawPath().endsWith("/messages")) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    streamOpen.countDown();
                    if (!releaseStream.await(10, TimeUnit.SECONDS)) throw new java.io.IOException("never released");
                    out.write("data: 2\n\n".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                FakeUpstream.reply(ex, 200, "application/json", "{\"ok\":true}");
            }
        });
        dead = new DeadPort();
        piapi = GatewayHarness.start(TestConfig.twoProviders(upstream.url(), dead.port()).section("metrics: {perUser: true}"));

        assertEquals(200, piapi.post("/piapi/codex/chat", ALICE_KEY, "{\"a\":1}").statusCode());
        assertEquals(200, piapi.post("/piapi/codex/chat", BOB_KEY, "{\"a\":1}").statusCode());
        assertEquals(500, piapi.send(piapi.request("/piapi/codex/fail").header("Authorization", "Bearer " + ALICE_KEY).GET().build()).statusCode());
        streamWhileScraping();
        HttpResponse<String> refused = piapi.send(piapi.request("/piapi/codex/x").GET().build());
        assertEquals(401, refused.statusCode());
        refusedBodyBytes = refused.body().getBytes(StandardCharsets.UTF_8).length;
        assertEquals(404, piapi.post("/piapi/gemini/x", ALICE_KEY, "{}").statusCode());
        assertEquals(404, piapi.send(piapi.request("/nope").GET().build()).statusCode());
        assertEquals(200, piapi.send(piapi.request("/healthz").GET().build()).statusCode());
        // An access line is written after its request's metrics: with all seven lines in (probes and scrapes are
        // debug lines), so are the counts.
        piapi.log.accessLines(7);
        afterTraffic = scrape();
    }

    /** While an SSE response is open, one request is in flight and one stream active; both return to 0. */
    static void streamWhileScraping() throws Exception {
        HttpResponse<InputStream> r = piapi.client.send(piapi.request("/piapi/claude_code/v1/messages")
                .header("x-api-key", ALICE_KEY).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("data: 1", in.readLine());
            assertTrue(streamOpen.await(5, TimeUnit.SECONDS));
            Exposition during = Exposition.parse(scrape());
            assertEquals(1, during.value("piapi_requests_in_flight"));
            assertEquals(1, during.value("piapi_active_streams"));
            releaseStream.countDown();
            in.readLine();
            assertEquals("data: 2", in.readLine());
        }
        piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow()); // the gauges came down before it
        Exposition after = Exposition.parse(scrape());
        assertEquals(0, after.value("piapi_active_streams"));
        assertEquals(0, after.value("piapi_requests_in_flight"));
    }

    static String scrape() {
        HttpResponse<String> r;
        try {
            r = piapi.send(piapi.request("/metrics").GET().build());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("scrape failed", e);
        }
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        return r.body();
    }

    @AfterAll
    static void stop() throws Exception {
        releaseStream.countDown();
        piapi.close();
        upstream.close();
        dead.close();
    }

    @Test
    void requestCountsByServiceTypeAndStatusClassKeepTheGoNames() {
        Exposition m = Exposition.parse(afterTraffic);
        assertEquals("Total number of processed requests partitioned by service type and status class.", m.family("piapi_requests_total").help());
        assertEquals(2, m.value("piapi_requests_total", "service_type", "codex", "status_class", "2xx"));
        assertEquals(1, m.value("piapi_requests_total", "service_type", "codex", "status_class", "5xx"));
        assertEquals(1, m.value("piapi_requests_total", "service_type", "codex", "status_class", "4xx"), "the 401 names a configured service");
        assertEquals(1, m.value("piapi_requests_total", "service_type", "claude_code", "status_class", "2xx"));
        assertEquals(1, m.value("piapi_requests_total", "service_type", "unknown", "status_class", "4xx"), "gemini is not configured");
        assertEquals(Set.of("codex", "claude_code", "query", "dead", "unknown"), m.labelValues("piapi_requests_total", "service_type"));
        assertEquals(4, m.value("piapi_request_latency_seconds_count", "service_type", "codex"));
        assertEquals("histogram", m.family("piapi_request_latency_seconds").type());
        assertEquals(1, m.value("piapi_request_outcomes_total", "service_type", "codex", "outcome", "rejected"));
        assertEquals(3, m.value("piapi_request_outcomes_total", "service_type", "codex", "outcome", "ok"), "an upstream 500 passed through is ok");
    }

    @Test
    void firstByteOverheadAndBytesArePerServiceAndProvider() {
        Exposition m = Exposition.parse(afterTraffic);
        assertEquals(2, m.value("piapi_upstream_first_byte_seconds_count", "service_type", "codex", "provider", "alpha"));
        assertEquals(1, m.value("piapi_upstream_first_byte_seconds_count", "service_type", "codex", "provider", "beta"));
        assertEquals(1, m.value("piapi_upstream_first_byte_seconds_count", "service_type", "claude_code", "provider", "alpha"));
        assertEquals(3, m.value("piapi_gateway_overhead_seconds_count", "service_type", "codex"), "only requests that reached an upstream");
        assertEquals(0, m.value("piapi_gateway_overhead_seconds_count", "service_type", "unknown"));
        assertTrue(m.labelValues("piapi_gateway_overhead_seconds", "le").containsAll(Set.of("5e-05", "0.0001", "0.00025", "0.001")),
                "sub-millisecond buckets");
        assertEquals(14, m.value("piapi_request_bytes_total", "service_type", "codex"));
        assertEquals(11 + 11 + "{\"error\":\"boom\"}".length() + refusedBodyBytes, m.value("piapi_response_bytes_total", "service_type", "codex"),
                "upstream bodies and piapi's own error body");
        assertEquals(18, m.value("piapi_response_bytes_total", "service_type", "claude_code"), "two SSE events");
    }

    @Test
    void rejectionsAreCountedByFixedReasonWords() {
        Exposition m = Exposition.parse(afterTraffic);
        assertEquals(1, m.value("piapi_rejected_requests_total", "reason", "missing_user_key"));
        assertEquals(1, m.value("piapi_rejected_requests_total", "reason", "unknown_service"));
        assertEquals(1, m.value("piapi_rejected_requests_total", "reason", "not_found"));
        assertEquals(Set.copyOf(RejectReasons.WORDS), m.labelValues("piapi_rejected_requests_total", "reason"));
    }

    @Test
    void perUserSeriesUseUserNamesWhenEnabled() {
        Exposition m = Exposition.parse(afterTraffic);
        assertEquals(2, m.value("piapi_user_requests_total", "user", "alice", "service_type", "codex", "status_class", "2xx")
                + m.value("piapi_user_requests_total", "user", "alice", "service_type", "codex", "status_class", "5xx"));
        assertEquals(1, m.value("piapi_user_requests_total", "user", "bob", "service_type", "codex", "status_class", "2xx"));
        assertEquals(1, m.value("piapi_user_requests_total", "user", "alice", "service_type", "unknown", "status_class", "4xx"));
        assertEquals(Set.of("alice", "bob"), m.labelValues("piapi_user_requests_total", "user"));
    }

    @Test
    void processFamiliesArePresent() {
        Exposition m = Exposition.parse(afterTraffic);
        assertEquals(1, m.value("piapi_build_info", "version", piapi.gateway.build().version(), "commit", piapi.gateway.build().commit(),
                "java_version", Runtime.version().toString()));
        assertTrue(m.value("piapi_jvm_heap_used_bytes") > 0);
        assertTrue(m.value("piapi_jvm_heap_committed_bytes") >= m.value("piapi_jvm_heap_used_bytes"));
        assertTrue(m.value("piapi_jvm_threads_live") > 0);
        assertTrue(m.value("piapi_process_uptime_seconds") > 0);
        assertTrue(m.value("piapi_process_start_time_seconds") > 1.7e9);
        assertEquals("counter", m.family("piapi_jvm_gc_collections_total").type());
        assertEquals(0, m.value("piapi_log_lines_dropped_total"));
        if (Files.isDirectory(Path.of("/proc/self/fd"))) {
            assertTrue(m.value("piapi_process_open_fds") > 0, "open fds on Linux");
            assertTrue(m.value("piapi_process_max_fds") >= m.value("piapi_process_open_fds"));
        }
    }

    @Test
    void seriesFollowTheConfig() throws Exception {
        String yaml = """
                providers:
                  - name: gamma
                    apiKeys: { k: sk-gamma-secret-9 }
                    services:
                      - { type: responses, baseUrl: %s/gamma }
                users:
                  - name: carol
                    apiKey: piapi-carol-key-0003
                    services:
                      responses: { providerName: gamma, providerKeyName: k }
                """.formatted(upstream.url());
        GatewayHarness other = GatewayHarness.start(TestConfig.twoProviders(upstream.url(), dead.port()).section("metrics: {perUser: true}"));
        try {
            // through the file, as a reload does: the gateway's watcher would put the file's config back otherwise
            Path temp = other.dir.resolve("next.yaml");
            Files.writeString(temp, yaml);
            Files.move(temp, other.configFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            other.gateway.reloader().reloadNow(); // Applied, or Unchanged when the watcher was quicker
            assertEquals(new ConfigLoader(java.util.Map.of()).load(other.configFile) instanceof ParsedConfig.Loaded l ? l.sha256() : "",
                    other.gateway.config().current().sha256(), "the new config is live");
            Exposition m = Exposition.parse(other.send(other.request("/metrics").GET().build()).body());
            assertEquals(Set.of("responses", "unknown"), m.labelValues("piapi_requests_total", "service_type"));
            assertEquals(Set.of("gamma", "unknown"), m.labelValues("piapi_upstream_first_byte_seconds", "provider"));
            assertTrue(m.family("piapi_user_requests_total").samples().isEmpty(), "per-user series are off in the new config");
            HttpResponse<String> served = other.post("/piapi/responses/x", "piapi-carol-key-0003", "{}");
            assertEquals(200, served.statusCode());
            // the record is counted after the response reaches the client; its access line comes last
            other.log.accessLine(served.headers().firstValue("X-Piapi-Request-Id").orElseThrow());
            m = Exposition.parse(other.send(other.request("/metrics").GET().build()).body());
            assertEquals(1, m.value("piapi_requests_total", "service_type", "responses", "status_class", "2xx"));
        } finally {
            other.close();
        }
    }

    static boolean promtoolInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/promtool"));
    }

    @Test
    @EnabledIf(value = "promtoolInstalled", disabledReason = "/usr/bin/promtool is not installed (Debian package 'prometheus'): promtool check skipped")
    void promtoolFindsNothingToComplainAbout() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(afterTraffic.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        assertEquals("", output, "promtool check metrics output");
        assertEquals(0, p.exitValue(), output);
    }
}
