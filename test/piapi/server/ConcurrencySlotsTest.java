package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.support.Await;
import piapi.support.DeadPort;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.RawHttp;
import piapi.support.UpstreamGatewayBase;

/**
 * A concurrency slot is released on every path (issue 15): with {@code concurrent: 1}, after a stream the client
 * aborts, a request cancelled before its first byte, one cancelled while it waited in the queue, and upstream
 * failures, the next request is admitted at once (with {@code queueFor: 0s} a slot still held would refuse it).
 * Each test waits for the ended request's access line, written after its slot was freed, never for time.
 */
class ConcurrencySlotsTest extends UpstreamGatewayBase {
    static final String KEY = "piapi-slots-key-0001";
    /** An Anthropic stream's first event: the input usage is known from here on. */
    static final String MESSAGE_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-x\","
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n";
    static final String DELTA = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\"more\"}}\n\n";
    static final String JSON_ANSWER = "{\"model\":\"claude-x\",\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}";

    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void release() { // before the base class stops the gateway, so no held upstream answer keeps it waiting
        release.countDown();
    }

    void start(FakeUpstream.Script script, String queueFor) throws Exception {
        upstream = FakeUpstream.start(script);
        piapi = GatewayHarness.start("""
                providers:
                  - name: up
                    apiKeys: { k: sk-up }
                    services: [{ type: claude_code, baseUrl: "%s", auth: { mode: header, name: x-api-key } }]
                users:
                  - name: alice
                    apiKey: %s
                    services: { claude_code: { providerName: up, providerKeyName: k } }
                    limits: { concurrent: 1, queueFor: %s }
                """.formatted(upstream.url(), KEY, queueFor));
    }

    /** Answers {@code /v1/messages/ok} at once; other paths as {@code slow} says. */
    static FakeUpstream.Script okOr(FakeUpstream.Script slow) {
        return (ex, r) -> {
            if (r.rawPath().endsWith("/ok")) FakeUpstream.reply(ex, 200, "application/json", JSON_ANSWER);
            else slow.answer(ex, r);
        };
    }

    /**
     * Starts piapi with this {@code queueFor} and sends a request to {@code /v1/messages/hold}, which the upstream
     * holds until {@link #release} opens; returns once the upstream has it, so its slot is taken.
     */
    CompletableFuture<HttpResponse<String>> holdTheSlot(String queueFor) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        start((ex, r) -> {
            if (r.rawPath().endsWith("/hold")) {
                holding.countDown();
                if (!release.await(10, TimeUnit.SECONDS)) return;
            }
            FakeUpstream.reply(ex, 200, "application/json", JSON_ANSWER);
        }, queueFor);
        var first = postAsync("v1/messages/hold");
        assertTrue(holding.await(10, TimeUnit.SECONDS), "the held request reached the upstream");
        return first;
    }

    /** A POST of {@code {}} to alice's claude_code service at {@code path}, with her key. */
    HttpRequest messages(String path) {
        return piapi.request("/piapi/claude_code/" + path).header("x-api-key", KEY).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path) {
        return piapi.client.sendAsync(messages(path), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
        return piapi.send(messages(path));
    }

    HttpResponse<String> ok() throws Exception {
        return post("v1/messages/ok");
    }

    String raw(String path) {
        return "POST /piapi/claude_code/" + path + " HTTP/1.1\r\nHost: x\r\nx-api-key: " + KEY + "\r\nanthropic-version: 2023-06-01\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    }

    /** The piapi request id in a raw response head. */
    static String requestId(String head) {
        for (String line : head.split("\r\n")) if (line.regionMatches(true, 0, "X-Piapi-Request-Id:", 0, 19)) return line.substring(19).strip();
        throw new AssertionError("no request id in " + head);
    }

    /** The id of the one request whose access line has this outcome among those for {@code path}. */
    Map<String, Object> ended(String path) {
        return piapi.log.await("the access line of " + path, l -> path.equals(l.get("path")) && l.containsKey("outcome"));
    }

    void nextIsAdmittedAtOnce() throws Exception {
        HttpResponse<String> next = ok();
        assertEquals(200, next.statusCode(), "the slot was free: " + next.body());
        // its own slot is freed when it ends, after its answer reached us; its access line comes after that
        piapi.log.accessLine(GatewayHarness.requestId(next));
    }

    @Test
    void aSlotIsFreedWhenTheClientAbortsAStreamAndWhatWasSeenIsPartial() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        start(okOr((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(MESSAGE_START.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!clientGone.await(10, TimeUnit.SECONDS)) return;
            for (int i = 0; i < 1_000_000; i++) { // until piapi, finding its client gone, hangs up on us
                out.write(DELTA.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }), "0s");
        HttpResponse<InputStream> stream = piapi.client.send(piapi.request("/piapi/claude_code/v1/messages").header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-x\",\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        String id = GatewayHarness.requestId(stream);
        InputStream in = stream.body();
        RawHttp.readUntil(in, "\n\n"); // the first event arrived
        assertEquals(429, ok().statusCode(), "while the stream runs its slot is taken");
        in.close(); // the client aborts mid-stream
        clientGone.countDown();
        Map<String, Object> line = piapi.log.accessLine(id);
        assertEquals("client_gone", line.get("outcome"));
        nextIsAdmittedAtOnce();
        LedgerEntry e = Ledgers.entry(piapi, id);
        assertEquals(UsageState.PARTIAL, e.usageState(), "a client that leaves records what was seen, marked partial");
        assertEquals(25, e.usage().input());
        assertEquals("client_gone", e.outcome());
    }

    @Test
    void aSlotIsFreedWhenTheClientCancelsBeforeTheFirstByte() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        start(okOr((ex, r) -> {
            arrived.countDown();
            if (!release.await(10, TimeUnit.SECONDS)) return;
            byte[] big = new byte[4 << 20]; // big enough that writing it to a client that left fails
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, big.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(big);
            } catch (IOException e) {
                // piapi hung up: its client was gone
            }
        }), "0s");
        String id;
        try (Socket s = RawHttp.connect(piapi.port())) {
            RawHttp.send(s, raw("v1/messages"));
            assertTrue(arrived.await(10, TimeUnit.SECONDS), "the request reached the upstream");
            assertEquals(429, ok().statusCode(), "its slot is taken while it waits for the first byte");
        } // the client hangs up before any byte of the answer
        release.countDown();
        Map<String, Object> line = ended("/piapi/claude_code/v1/messages");
        id = (String) line.get("request_id");
        assertTrue(line.get("outcome").equals("client_gone") || line.get("outcome").equals("ok"), line.toString());
        nextIsAdmittedAtOnce();
        assertEquals("alice", Ledgers.entry(piapi, id).user());
    }

    @Test
    void aSlotIsFreedWhenARequestIsCancelledWhileQueued() throws Exception {
        var first = holdTheSlot("30s");
        try (Socket queued = RawHttp.connect(piapi.port())) {
            RawHttp.send(queued, raw("v1/messages/queued"));
            Await.until("the second request waits for the slot", Duration.ofSeconds(10), () -> waiting() == 1);
        } // cancelled while queued
        release.countDown();
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
        ended("/piapi/claude_code/v1/messages/queued"); // it had its turn, found its client gone, and let go
        assertEquals(0, waiting());
        nextIsAdmittedAtOnce();
    }

    double waiting() {
        return Exposition.parse(piapi.gateway.metrics().render()).value("piapi_limit_waiting_requests");
    }

    @Test
    void aSlotIsFreedWhenTheUpstreamFails() throws Exception {
        start(okOr((ex, r) -> {
            if (r.rawPath().endsWith("/error")) {
                FakeUpstream.reply(ex, 500, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
            } else { // breaks off mid-body
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write(MESSAGE_START.getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                throw new IOException("the upstream breaks off");
            }
        }), "0s");
        HttpResponse<String> error = post("v1/messages/error");
        assertEquals(500, error.statusCode(), "the upstream's error passes through");
        piapi.log.accessLine(GatewayHarness.requestId(error));
        nextIsAdmittedAtOnce();

        try (Socket s = RawHttp.connect(piapi.port())) {
            RawHttp.send(s, raw("v1/messages/broken"));
            RawHttp.readRest(s.getInputStream());
        }
        assertEquals("upstream_error", ended("/piapi/claude_code/v1/messages/broken").get("outcome"));
        nextIsAdmittedAtOnce();
    }

    @Test
    void aSlotIsFreedWhenTheUpstreamCannotBeReached() throws Exception {
        try (DeadPort dead = new DeadPort()) {
            piapi = GatewayHarness.start("""
                    providers:
                      - name: dead
                        apiKeys: { k: sk-dead }
                        services: [{ type: claude_code, baseUrl: "%s" }]
                    users:
                      - name: alice
                        apiKey: %s
                        services: { claude_code: { providerName: dead, providerKeyName: k } }
                        limits: { concurrent: 1 }
                    """.formatted(dead.url(), KEY));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = post("v1/messages");
                assertEquals(502, r.statusCode(), "piapi's own 502 each time, never a 429: " + r.body());
                assertEquals("upstream_unreachable", ((Map<?, ?>) JsonReader.parseObject(r.body()).get("error")).get("code"));
                piapi.log.accessLine(GatewayHarness.requestId(r));
            }
        }
    }

    @Test
    void aRequestMayWaitForASlotUpToQueueForAndGetsItWhenOneFrees() throws Exception {
        var first = holdTheSlot("30s");
        var second = postAsync("v1/messages/ok");
        Await.until("the second request waits for the slot", Duration.ofSeconds(10), () -> waiting() == 1);
        release.countDown();
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(200, second.get(10, TimeUnit.SECONDS).statusCode(), "it waited instead of being refused");
    }

    /**
     * A concurrency refusal while the one slot is held (issue 15, "Refusing"): 429, never a 5xx, with a short
     * {@code Retry-After} (Claude Code waits and retries only up to 60 s), in Anthropic's envelope naming the limit,
     * its scope, used, max and piapi's request id; no reset time, since a slot frees when a request ends.
     */
    @Test
    void aConcurrencyRefusalIsA429WithAShortRetryAfterInTheCallersEnvelope() throws Exception {
        var first = holdTheSlot("0s");
        HttpResponse<String> refused = piapi.send(piapi.request("/piapi/claude_code/v1/messages/ok").header("x-api-key", KEY)
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(429, refused.statusCode(), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        Map<String, Object> body = JsonReader.parseObject(refused.body());
        assertEquals("error", body.get("type"));
        assertEquals(GatewayHarness.requestId(refused), body.get("request_id"));
        Map<?, ?> e = (Map<?, ?>) body.get("error");
        assertEquals("rate_limit_error", e.get("type"));
        assertEquals("concurrent_requests", e.get("limit"));
        assertEquals("user", e.get("scope"));
        assertEquals(1L, e.get("used"));
        assertEquals(1L, e.get("max"));
        assertEquals(retryAfter, e.get("retry_after_seconds"));
        assertTrue(e.containsKey("resets_at") && e.get("resets_at") == null, "a slot has no reset time: " + e);
        assertTrue(((String) e.get("message")).contains("concurrent_requests"), e.toString());
        assertEquals("concurrent_requests", piapi.log.accessLine(GatewayHarness.requestId(refused)).get("error"));
        assertEquals(1, upstream.pending(), "refused before any upstream call: only the held request reached it");
        release.countDown();
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
    }
}
