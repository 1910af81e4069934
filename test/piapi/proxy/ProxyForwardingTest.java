package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/** What reaches the upstream: path, query, credentials and headers, exactly. */
class ProxyForwardingTest {
    /** Answers 200 with hop-by-hop headers that must not reach the client, and one that must. */
    static final FakeUpstream.Script DEFAULT = (ex, r) -> {
        ex.getResponseHeaders().add("Connection", "close, X-Hop");
        ex.getResponseHeaders().add("X-Hop", "must not reach the client");
        ex.getResponseHeaders().add("Keep-Alive", "timeout=5");
        ex.getResponseHeaders().add("anthropic-ratelimit-requests-remaining", "42");
        FakeUpstream.reply(ex, 200, "application/json", "{\"ok\":true}");
    };
    static FakeUpstream upstream;
    static GatewayHarness piapi;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.start(DEFAULT);
        piapi = GatewayHarness.start(TestConfig.threeAuthModes(upstream.url()));
    }

    /** Each test starts from the default answer and an empty record, whatever ran before it. */
    @BeforeEach
    void reset() {
        upstream.script(DEFAULT);
        upstream.drain();
    }

    @AfterAll
    static void stop() throws Exception {
        piapi.close();
        upstream.close();
    }

    @Test
    void bearerKeyIsReplacedByTheProviderKey() throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/codex/chat/completions", "piapi-alice-key-0001", "{\"model\":\"x\"}");
        assertEquals(200, r.statusCode());
        assertEquals("{\"ok\":true}", r.body());
        FakeUpstream.Recorded got = upstream.take();
        assertEquals("POST", got.method());
        assertEquals("/v1/chat/completions", got.target());
        assertEquals("Bearer sk-alpha-secret-0001", got.header("Authorization"));
        assertEquals("{\"model\":\"x\"}", got.bodyText());
    }

    @Test
    void xApiKeyIsAcceptedAndNeverForwarded() throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piapi/claude_code/v1/messages")
                .header("x-api-key", "piapi-alice-key-0001").header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "prompt-caching-2024-07-31,  interleaved-thinking-2025-05-14")
                .header("x-claude-code-session-id", "0f1e2d3c").header("X-Stainless-Lang", "js")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(200, r.statusCode());
        FakeUpstream.Recorded got = upstream.take();
        assertEquals("/anthropic/v1/messages", got.target());
        assertEquals("sk-alpha-secret-0001", got.header("x-api-key"), "x-api-key auth without a configured prefix has none");
        assertNull(got.header("Authorization"));
        assertEquals("2023-06-01", got.header("anthropic-version"));
        assertEquals("prompt-caching-2024-07-31,  interleaved-thinking-2025-05-14", got.header("anthropic-beta"));
        assertEquals("0f1e2d3c", got.header("x-claude-code-session-id"));
        assertEquals("js", got.header("x-stainless-lang"));
        assertEquals("42", r.headers().firstValue("anthropic-ratelimit-requests-remaining").orElse(null));
    }

    @Test
    void everyClientCredentialHeaderIsStripped() throws Exception {
        piapi.send(piapi.request("/piapi/query/x").header("Authorization", "Bearer piapi-alice-key-0001")
                .header("x-api-key", "client-x").header("api-key", "client-api").header("x-goog-api-key", "client-goog")
                .GET().build());
        FakeUpstream.Recorded got = upstream.take();
        for (String h : new String[] {"Authorization", "x-api-key", "api-key", "x-goog-api-key", "Proxy-Authorization"}) {
            assertNull(got.header(h), h + " must not be forwarded");
        }
    }

    @Test
    void queryAuthReplacesAnyClientValueAndKeepsTheRestAsSent() throws Exception {
        piapi.send(piapi.request("/piapi/query/foo?key=userprovided&b=2&a=1&sp=a%20b&x=%2F").header("Authorization", "Bearer piapi-alice-key-0001")
                .GET().build());
        FakeUpstream.Recorded got = upstream.take();
        assertEquals("/q/foo", got.rawPath());
        assertEquals("fixed=a&z=1&b=2&a=1&sp=a%20b&x=%2F&key=sk-alpha-secret-0001", got.rawQuery());
        assertNull(got.header("Authorization"));
    }

    @Test
    void pathIsAppendedRawWithoutDecodingOrCleaning() throws Exception {
        piapi.send(piapi.request("/piapi/codex/a%2Fb/c%20d/v1/").header("Authorization", "Bearer piapi-alice-key-0001").GET().build());
        assertEquals("/v1/a%2Fb/c%20d/v1/", upstream.take().rawPath());
        piapi.send(piapi.request("/piapi/codex").header("Authorization", "Bearer piapi-alice-key-0001").GET().build());
        assertEquals("/v1", upstream.take().rawPath());
        piapi.send(piapi.request("/piapi/codex/").header("Authorization", "Bearer piapi-alice-key-0001").GET().build());
        assertEquals("/v1", upstream.take().rawPath());
    }

    @Test
    void hopByHopHeadersAreDroppedBothWays() throws Exception {
        try (Socket s = new Socket("127.0.0.1", piapi.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /piapi/codex/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer piapi-alice-key-0001\r\n"
                    + "Connection: keep-alive, X-Drop-Me\r\nX-Drop-Me: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                    + "Proxy-Authorization: Basic abc\r\nX-Keep-Me: 2\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = RawHttp.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertFalse(head.toLowerCase().contains("x-hop"), "a header named by the upstream's Connection must be dropped: " + head);
            assertFalse(head.toLowerCase().contains("keep-alive: timeout=5"), head);
        }
        FakeUpstream.Recorded got = upstream.take();
        assertNull(got.header("X-Drop-Me"));
        assertNull(got.header("Keep-Alive"));
        assertNull(got.header("TE"));
        assertNull(got.header("Proxy-Authorization"));
        assertEquals("2", got.header("X-Keep-Me"));
    }

    @Test
    void requestIdsAreReusedGeneratedAndForwarded() throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piapi/codex/x").header("Authorization", "Bearer piapi-alice-key-0001")
                .header("X-Request-ID", "client-rid-7").GET().build());
        assertEquals("client-rid-7", r.headers().firstValue("X-Piapi-Request-Id").orElse(null));
        assertEquals("client-rid-7", upstream.take().header("X-Request-ID"));
        assertEquals("client-rid-7", r.headers().firstValue("X-Request-ID").orElse(null), "upstream sent none, so piapi adds its id");

        HttpResponse<String> bad = piapi.send(piapi.request("/piapi/codex/x").header("Authorization", "Bearer piapi-alice-key-0001")
                .header("X-Request-ID", "not ok {}").GET().build());
        String generated = bad.headers().firstValue("X-Piapi-Request-Id").orElseThrow();
        assertTrue(generated.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), generated);
        assertEquals("not ok {}", upstream.take().header("X-Request-ID"), "the client's own header is forwarded untouched");
    }

    @Test
    void upstreamRequestIdReachesTheClientUnchanged() throws Exception {
        upstream.script((ex, r) -> {
            ex.getResponseHeaders().set("request-id", "req_upstream_1");
            ex.getResponseHeaders().set("x-request-id", "upstream-rid");
            FakeUpstream.reply(ex, 200, "application/json", "{}");
        });
        try {
            HttpResponse<String> r = piapi.post("/piapi/codex/x", "piapi-alice-key-0001", "{}");
            assertEquals(java.util.List.of("upstream-rid"), r.headers().allValues("X-Request-ID"));
            assertEquals("req_upstream_1", r.headers().firstValue("request-id").orElse(null));
            assertNotNull(r.headers().firstValue("X-Piapi-Request-Id").orElse(null));
            upstream.take();
        } finally {
            upstream.script(DEFAULT);
        }
    }

    @Test
    void upstreamErrorsPassThroughUnmodified() throws Exception {
        upstream.script((ex, r) -> {
            ex.getResponseHeaders().set("Retry-After", "7");
            FakeUpstream.reply(ex, 429, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}");
        });
        try {
            HttpResponse<String> r = piapi.post("/piapi/codex/x", "piapi-alice-key-0001", "{}");
            assertEquals(429, r.statusCode());
            assertEquals("7", r.headers().firstValue("Retry-After").orElse(null));
            assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}", r.body());
            upstream.take();
        } finally {
            upstream.script(DEFAULT);
        }
    }
}
