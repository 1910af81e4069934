package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.RawHttp;
import piapi.support.DeadPort;
import piapi.support.TestConfig;

/** piapi's own refusals and upstream failures: status, JSON error shape with the request id, access log. */
class ProxyErrorsTest {
    static final String KEY = "piapi-alice-key-0001";
    static final CountDownLatch never = new CountDownLatch(1);
    static FakeUpstream upstream;
    static GatewayHarness piapi;
    static DeadPort dead;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            if (r.rawPath().endsWith("/hang")) never.await(); // no response headers, ever
            FakeUpstream.reply(ex, 200, "application/json", "{}");
        });
        dead = new DeadPort();
        piapi = GatewayHarness.start(TestConfig.threeAuthModes(upstream.url())
                .provider("dead").key("k", "sk-dead-secret-000001").service("dead", dead.url() + "/v1")
                .user("bob", "piapi-bob-key-0002").route("dead", "dead", "k")
                .section("timeouts: {firstByte: 300ms, connect: 2s}\nlimits: {maxRequestBody: 1KiB}"));
    }

    /** Each test starts with nothing recorded by the upstream, whatever ran before it. */
    @BeforeEach
    void reset() {
        upstream.drain();
    }

    @AfterAll
    static void stop() throws Exception {
        never.countDown();
        piapi.close();
        upstream.close();
        dead.close();
    }

    /** Asserts piapi's JSON error shape and returns the parsed error object. */
    static Map<String, Object> assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) JsonReader.parseObject(r.body()).get("error");
        assertEquals("piapi_error", error.get("type"));
        assertEquals(code, error.get("code"));
        String id = r.headers().firstValue("X-Piapi-Request-Id").orElseThrow();
        assertEquals(id, error.get("request_id"));
        assertFalse(r.body().contains("secret"), "no secret in an error body: " + r.body());
        return error;
    }

    @Test
    void missingKeyIs401() throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piapi/codex/x").GET().build());
        assertError(r, 401, "missing_user_key");
        assertEquals("Bearer realm=\"piapi\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void unknownKeyIs401AndNeverEchoed() throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/codex/x", "piapi-nobody-key-9", "{}");
        assertError(r, 401, "unknown_user_key");
        assertFalse(r.body().contains("piapi-nobody-key-9"));
        Map<String, Object> line = piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow());
        assertEquals("rejected", line.get("outcome"));
        assertFalse(piapi.log.text().contains("piapi-nobody-key-9"), "a presented key never reaches the log");
    }

    @Test
    void otherAuthSchemeIs401() throws Exception {
        assertError(piapi.send(piapi.request("/piapi/codex/x").header("Authorization", "Basic YTpi").GET().build()),
                401, "unsupported_auth_scheme");
    }

    @Test
    void unknownServiceIs404() throws Exception {
        assertError(piapi.post("/piapi/gemini/x", KEY, "{}"), 404, "unknown_service");
        assertError(piapi.post("/piapi/", KEY, "{}"), 404, "missing_service_type");
        assertError(piapi.post("/elsewhere", KEY, "{}"), 404, "not_found");
    }

    @Test
    void deadUpstreamIs502() throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/dead/x", "piapi-bob-key-0002", "{}");
        assertError(r, 502, "upstream_unreachable");
        Map<String, Object> line = piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow());
        assertEquals("upstream_error", line.get("outcome"));
        assertEquals("dead", line.get("provider"));
        assertEquals("bob", line.get("user"));
    }

    @Test
    void noFirstByteInTimeIs504() throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/codex/hang", KEY, "{}");
        assertError(r, 504, "upstream_timeout");
        assertEquals("timeout", piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow()).get("outcome"));
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        assertError(piapi.post("/piapi/codex/x", KEY, "x".repeat(1025)), 413, "request_too_large");
        // without Content-Length (chunked upload) the limit holds as well
        HttpResponse<String> chunked = piapi.send(piapi.request("/piapi/codex/x").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000]))).build());
        assertError(chunked, 413, "request_too_large");
        assertEquals(200, piapi.post("/piapi/codex/x", KEY, "x".repeat(1024)).statusCode(), "exactly the limit is accepted");
        upstream.drain();
    }

    @Test
    void dotSegmentsAre400() throws Exception {
        upstream.drain();
        for (String p : new String[] {"/piapi/codex/../admin", "/piapi/codex/a/%2e%2E/b", "/piapi/codex/a/.", "/piapi/codex/a%2F..%2Fb"}) {
            assertError(piapi.post(p, KEY, "{}"), 400, "bad_path");
        }
        assertEquals(0, upstream.pending(), "nothing reached the upstream");
    }

    @Test
    void websocketUpgradeIs426() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", piapi.port())) {
            s.getOutputStream().write(("GET /piapi/codex/responses HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Authorization: Bearer " + KEY + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String head = RawHttp.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 426"), head);
        }
    }

    @Test
    void healthz() throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/healthz").GET().build());
        assertEquals(200, r.statusCode());
        assertEquals("ok\n", r.body());
    }
}
