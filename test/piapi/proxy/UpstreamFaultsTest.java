package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ALICE_KEY;
import static piapi.proxy.AdminViews.candidate;
import static piapi.support.GatewayHarness.requestId;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.ResettingUpstream;
import piapi.support.TestClock;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/**
 * Transport faults: a reset before headers and a silent upstream fail over; a stream cut after the
 * first byte never does (the client sees the break, the upstream sees one request); a client that
 * leaves costs the upstream nothing.
 */
@Timeout(30)
class UpstreamFaultsTest {
    static final FakeUpstream.Script OK = (ex, r) -> FakeUpstream.reply(ex, 200, "application/json", "{\"from\":\"beta\"}");
    final TestClock clock = new TestClock();
    final CountDownLatch release = new CountDownLatch(1);
    GatewayHarness piapi;
    FakeUpstream a;
    FakeUpstream b;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (piapi != null) piapi.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    /** One request, returned once piapi has finished with it (health reported, access line written). */
    HttpResponse<String> call(String service) throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/" + service + "/chat", ALICE_KEY, "{\"prompt\":\"hello\"}");
        piapi.log.accessLine(requestId(r));
        return r;
    }

    HttpResponse<InputStream> stream() throws Exception {
        return piapi.client.send(piapi.request("/piapi/svc/responses").header("Authorization", "Bearer " + ALICE_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static void event(OutputStream out, int n) throws IOException {
        out.write(("data: {\"n\":" + n + "}\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void connectionResetBeforeHeadersFailsOver() throws Exception {
        try (ResettingUpstream reset = new ResettingUpstream()) {
            b = FakeUpstream.start(OK);
            piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", reset.url(), b.url()), AdminViews.ENV, clock);
            HttpResponse<String> r = call("svc");
            assertEquals(200, r.statusCode());
            assertEquals("{\"from\":\"beta\"}", r.body());
            assertEquals(1, reset.connections());
            assertEquals("reset", candidate(piapi, "svc", "alpha").get("cooldown_reason"));

            HttpResponse<String> solo = call("solo"); // nobody to fail over to: piapi's own 502
            assertEquals(502, solo.statusCode());
            assertTrue(solo.body().contains("\"code\":\"upstream_failed\""), solo.body());
            assertEquals(2, reset.connections(), "tried once, not again");
        }
    }

    @Test
    void noResponseWithinTheFirstByteTimeoutFailsOver() throws Exception {
        a = FakeUpstream.start((ex, r) -> release.await()); // never answers
        b = FakeUpstream.start(OK);
        piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", a.url(), b.url()).section("timeouts: {firstByte: 300ms}"),
                AdminViews.ENV, clock);
        HttpResponse<String> r = call("svc");
        assertEquals(200, r.statusCode());
        assertEquals("{\"from\":\"beta\"}", r.body());
        a.take();
        Map<String, Object> alpha = candidate(piapi, "svc", "alpha");
        assertEquals("timeout", alpha.get("cooldown_reason"));
        assertEquals("no response headers within 300ms", alpha.get("last_error"));
    }

    @Test
    void aStreamCutAfterTheFirstByteIsNeverRetried() throws Exception {
        CountDownLatch clientHasTwo = new CountDownLatch(1);
        a = FakeUpstream.start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            event(out, 1);
            event(out, 2);
            clientHasTwo.await(5, TimeUnit.SECONDS);
            throw new IOException("upstream dies mid-stream"); // the connection drops without the final chunk
        });
        b = FakeUpstream.start(OK);
        piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", a.url(), b.url()), AdminViews.ENV, clock);
        HttpResponse<InputStream> r = stream();
        assertEquals(200, r.statusCode());
        BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        assertEquals("data: {\"n\":1}", in.readLine());
        assertEquals("", in.readLine());
        assertEquals("data: {\"n\":2}", in.readLine());
        assertEquals("", in.readLine());
        clientHasTwo.countDown();
        assertThrows(IOException.class, in::readLine, "the client sees an incomplete response, never a clean end");
        Map<String, Object> line = piapi.log.accessLine(requestId(r));
        assertEquals(1L, line.get("attempts"));
        assertEquals("upstream_error", line.get("outcome"));
        assertEquals(1, a.drain().size(), "the upstream received the request exactly once");
        assertEquals(0, b.pending(), "no failover once a byte reached the client");
        Map<String, Object> alpha = candidate(piapi, "svc", "alpha");
        assertEquals("stream_broken", alpha.get("cooldown_reason"));
        assertEquals(1L, alpha.get("errors"));
    }

    @Test
    void aClientThatCancelsCostsTheUpstreamNothing() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        CountDownLatch upstreamSawIt = new CountDownLatch(1);
        a = FakeUpstream.start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            event(out, 0);
            if (!clientGone.await(5, TimeUnit.SECONDS)) return;
            try {
                for (int i = 1; i < 1_000_000; i++) event(out, i);
            } catch (IOException expected) {
                upstreamSawIt.countDown(); // piapi closed the upstream connection
            }
        });
        b = FakeUpstream.start(OK);
        piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", a.url(), b.url()), AdminViews.ENV, clock);
        String requestId;
        try (Socket s = new Socket("127.0.0.1", piapi.port())) {
            s.getOutputStream().write(("POST /piapi/svc/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ALICE_KEY
                    + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            String head = RawHttp.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            requestId = head.lines().filter(l -> l.toLowerCase().startsWith("x-piapi-request-id:")).findFirst().orElseThrow()
                    .substring("x-piapi-request-id:".length()).strip();
            assertTrue(s.getInputStream().read(new byte[8]) > 0);
        }
        clientGone.countDown();
        assertTrue(upstreamSawIt.await(5, TimeUnit.SECONDS));
        assertEquals("client_gone", piapi.log.accessLine(requestId).get("outcome"));
        Map<String, Object> alpha = candidate(piapi, "svc", "alpha");
        assertEquals("healthy", alpha.get("state"));
        assertEquals(0L, alpha.get("errors"));
        assertEquals(0L, alpha.get("consecutive_failures"));
        assertEquals(0L, alpha.get("recent_error_rate"));
        assertFalse(piapi.log.text().contains("upstream_unhealthy"), "no health event for a client that left");
        String metrics = piapi.gateway.metrics().render();
        assertTrue(metrics.contains("piapi_upstream_attempts_total{service_type=\"svc\",provider=\"alpha\",outcome=\"client_gone\"} 1"), metrics);
        a.script(OK);
        assertEquals(200, call("svc").statusCode());
        assertEquals(2, a.drain().size(), "the next request still goes to alpha");
        assertEquals(0, b.pending());
    }
}
