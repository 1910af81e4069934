package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ALICE_KEY;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import piapi.Gateway;
import piapi.GatewayOptions;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.LogCapture;
import piapi.support.RawHttp;
import piapi.support.DeadPort;
import piapi.support.TestConfig;

/** Every field of the access-log line for a success, an upstream error, a client disconnect and a rejection; levels and the text format. */
class AccessLogTest {
    static final CountDownLatch clientGone = new CountDownLatch(1);
    static FakeUpstream upstream;
    static GatewayHarness piapi;
    static DeadPort dead;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            if (r.rawPath().endsWith("/stream")) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!clientGone.await(5, TimeUnit.SECONDS)) return;
                for (int i = 0; i < 1_000_000; i++) { // until piapi hangs up on us
                    out.write("data: more\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } else {
                FakeUpstream.reply(ex, 200, "application/json", "{\"models\":[]}");
            }
        });
        dead = new DeadPort();
        piapi = GatewayHarness.start(TestConfig.twoProviders(upstream.url(), dead.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        clientGone.countDown();
        piapi.close();
        upstream.close();
        dead.close();
    }

    static String id(HttpResponse<?> r) {
        return r.headers().firstValue("X-Piapi-Request-Id").orElseThrow();
    }

    static double number(Map<String, Object> line, String field) {
        return ((Number) line.get(field)).doubleValue();
    }

    static void assertTime(Map<String, Object> line, Instant before) {
        Instant t = Instant.parse((String) line.get("time"));
        assertFalse(t.isBefore(before.minusMillis(1)), "time is the request's start: " + t);
        assertFalse(t.isAfter(Instant.now()), "time is the request's start: " + t);
    }

    @Test
    void success() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> r = piapi.send(piapi.request("/piapi/query/v1/models?alt=sse&note=" + ALICE_KEY)
                .header("x-api-key", ALICE_KEY).GET().build());
        assertEquals(200, r.statusCode());
        Map<String, Object> line = piapi.log.accessLine(id(r));
        assertTime(line, before);
        assertEquals("info", line.get("level"));
        assertEquals("GET", line.get("method"));
        assertEquals("/piapi/query/v1/models", line.get("path"), "no query");
        assertEquals("alice", line.get("user"));
        assertEquals("query", line.get("service_type"));
        assertEquals("alpha", line.get("provider"));
        assertEquals("main", line.get("provider_key"));
        assertEquals(upstream.url() + "/q/v1/models?fixed=***&alt=***&note=***&key=***", line.get("upstream_url"),
                "query values redacted, the query-auth key and the client's among them");
        assertEquals(200L, line.get("upstream_status"));
        assertEquals(200L, line.get("status"));
        assertEquals(0L, line.get("bytes_in"));
        assertEquals((long) "{\"models\":[]}".length(), line.get("bytes_out"));
        assertTrue(number(line, "ttfb_ms") >= 0);
        assertTrue(number(line, "duration_ms") >= number(line, "ttfb_ms"));
        assertEquals(1L, line.get("attempts"));
        assertEquals("ok", line.get("outcome"));
        assertFalse(line.containsKey("error"));
        assertEquals("127.0.0.1", line.get("client"));
        assertEquals("unknown", line.get("usage"), "a models listing is not an API whose usage piapi reads: unknown, never 0");
        assertEquals(true, line.get("unpriced"));
        assertEquals(21, line.size(), "every field, and no other: " + line.keySet());
    }

    @Test
    void upstreamError() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> r = piapi.post("/piapi/dead/v1/chat", ALICE_KEY, "{\"q\":1}");
        assertEquals(502, r.statusCode());
        Map<String, Object> line = piapi.log.accessLine(id(r));
        assertTime(line, before);
        assertEquals("error", line.get("level"));
        assertEquals("POST", line.get("method"));
        assertEquals("/piapi/dead/v1/chat", line.get("path"));
        assertEquals("alice", line.get("user"));
        assertEquals("dead", line.get("service_type"));
        assertEquals("dead", line.get("provider"));
        assertEquals("k", line.get("provider_key"));
        assertEquals(dead.url() + "/v1/v1/chat?token=***&key=***", line.get("upstream_url"));
        assertEquals(0L, line.get("upstream_status"), "no upstream response");
        assertEquals(502L, line.get("status"));
        assertEquals(7L, line.get("bytes_in"));
        assertEquals((long) r.body().getBytes(StandardCharsets.UTF_8).length, line.get("bytes_out"));
        assertEquals(-1L, line.get("ttfb_ms"));
        assertTrue(number(line, "duration_ms") >= 0);
        assertEquals(1L, line.get("attempts"));
        assertEquals("upstream_error", line.get("outcome"));
        assertEquals("upstream_unreachable", line.get("error"));
    }

    @Test
    void clientDisconnect() throws Exception {
        Instant before = Instant.now();
        String requestId;
        try (Socket s = new Socket("127.0.0.1", piapi.port())) {
            s.getOutputStream().write(("POST /piapi/codex/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ALICE_KEY
                    + "\r\nX-Request-ID: gone-1\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            requestId = "gone-1";
            assertTrue(in.read(new byte[8]) > 0, "the first event arrives");
        }
        clientGone.countDown();
        Map<String, Object> line = piapi.log.accessLine(requestId);
        assertTime(line, before);
        assertEquals("warn", line.get("level"));
        assertEquals("POST", line.get("method"));
        assertEquals("/piapi/codex/stream", line.get("path"));
        assertEquals("alice", line.get("user"));
        assertEquals("codex", line.get("service_type"));
        assertEquals("alpha", line.get("provider"));
        assertEquals("main", line.get("provider_key"));
        assertEquals(upstream.url() + "/alpha/stream", line.get("upstream_url"));
        assertEquals(200L, line.get("upstream_status"));
        assertEquals(200L, line.get("status"), "the headers had been sent");
        assertEquals(2L, line.get("bytes_in"));
        assertTrue(number(line, "bytes_out") > 0);
        assertTrue(number(line, "ttfb_ms") >= 0);
        assertTrue(number(line, "duration_ms") >= number(line, "ttfb_ms"));
        assertEquals(1L, line.get("attempts"));
        assertEquals("client_gone", line.get("outcome"));
        assertEquals("client disconnected", line.get("error"));
    }

    @Test
    void rejection() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> r = piapi.post("/piapi/codex/v1/responses?x=1", "piapi-nobody-0009", "{}");
        assertEquals(401, r.statusCode());
        Map<String, Object> line = piapi.log.accessLine(id(r));
        assertTime(line, before);
        assertEquals("warn", line.get("level"));
        assertEquals("POST", line.get("method"));
        assertEquals("/piapi/codex/v1/responses", line.get("path"));
        assertEquals("", line.get("user"));
        assertEquals("codex", line.get("service_type"));
        assertEquals("", line.get("provider"));
        assertEquals("", line.get("provider_key"));
        assertFalse(line.containsKey("upstream_url"), "no upstream was called");
        assertEquals(0L, line.get("upstream_status"));
        assertEquals(401L, line.get("status"));
        assertEquals(0L, line.get("bytes_in"), "the body was not read");
        assertEquals((long) r.body().getBytes(StandardCharsets.UTF_8).length, line.get("bytes_out"));
        assertEquals(-1L, line.get("ttfb_ms"));
        assertEquals(0L, line.get("attempts"));
        assertEquals("rejected", line.get("outcome"));
        assertEquals("unknown_user_key", line.get("error"));
        assertFalse(piapi.log.text().contains("piapi-nobody-0009"));
    }

    @Test
    void probesAndScrapesAreDebugLines() throws Exception {
        piapi.send(piapi.request("/healthz").GET().build());
        piapi.send(piapi.request("/metrics").GET().build());
        HttpResponse<String> marker = piapi.send(piapi.request("/piapi/codex/x").GET().build());
        piapi.log.accessLine(id(marker)); // lines are written in order: everything before it is in by now
        assertTrue(piapi.log.lines().stream().noneMatch(l -> "/healthz".equals(l.get("path")) || "/metrics".equals(l.get("path"))),
                "info level leaves out successful probes and scrapes");
    }

    @Test
    void textFormatAndLevelThreshold() throws Exception {
        Path dir = Files.createTempDirectory("piapi-text");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, TestConfig.twoProviders(upstream.url(), dead.port()).yaml());
        LogCapture log = new LogCapture();
        Gateway g = Gateway.start(new GatewayOptions(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(), log,
                Clock.systemUTC(), LogLevel.WARN, LogFormat.TEXT).withSynchronousLog());
        try {
            String base = "http://127.0.0.1:" + g.port();
            assertEquals(200, piapi.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/piapi/codex/ok"))
                    .header("Authorization", "Bearer " + ALICE_KEY).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, piapi.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/piapi/codex/x"))
                    .header("X-Request-ID", "text-401").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            String text = log.awaitText("text-401");
            assertEquals(1, text.lines().count(), "only the warn line: the 200 and the started event are below the level\n" + text);
            assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z WARN  GET /piapi/codex/x 401 (\\d+\\.\\dms|\\d+\\.\\d+s) "
                    + "service=codex out=\\d+B client=127\\.0\\.0\\.1 rejected error=missing_user_key id=text-401\n"), text);
        } finally {
            g.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertTrue(log.text().lines().noneMatch(l -> l.startsWith("{")), "no JSON in text mode");
    }
}
