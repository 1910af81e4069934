package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/** Responses are streamed, flushed per event, and a break on either side is visible as a break. */
class StreamingTest {
    static final String KEY = "piapi-alice-key-0001";
    FakeUpstream upstream;
    GatewayHarness piapi;

    void start(FakeUpstream.Script script, String extra) throws Exception {
        upstream = FakeUpstream.start(script);
        piapi = GatewayHarness.start(TestConfig.threeAuthModes(upstream.url()).section(extra));
    }

    @AfterEach
    void stop() throws Exception {
        if (piapi != null) piapi.close();
        if (upstream != null) upstream.close();
    }

    static void sseHeaders(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
    }

    static void event(OutputStream out, int n) throws IOException {
        out.write(("event: delta\ndata: {\"n\":" + n + "}\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static boolean await(CountDownLatch latch) throws InterruptedException {
        return latch.await(5, TimeUnit.SECONDS);
    }

    @Test
    void eachEventReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        int events = 5;
        CountDownLatch[] received = new CountDownLatch[events];
        for (int i = 0; i < events; i++) received[i] = new CountDownLatch(1);
        start((ex, r) -> {
            sseHeaders(ex);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < events; i++) {
                    event(out, i);
                    // the next event is only written once the client has seen this one
                    if (!await(received[i])) throw new IOException("client never saw event " + i);
                }
            }
        }, "");
        HttpResponse<InputStream> r = piapi.client.send(piapi.request("/piapi/codex/responses").header("Authorization", "Bearer " + KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(null));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < events; i++) {
                assertEquals("event: delta", in.readLine());
                assertEquals("data: {\"n\":" + i + "}", in.readLine());
                assertEquals("", in.readLine());
                received[i].countDown();
            }
            assertEquals(null, in.readLine(), "clean end after the last event");
        }
        assertEquals("ok", piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow()).get("outcome"));
    }

    @Test
    void largeResponseStreamsWithoutBeingBuffered() throws Exception {
        long total = 50L << 20;
        long half = total / 2;
        CountDownLatch clientHasHalf = new CountDownLatch(1);
        start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, total);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < total; sent += chunk.length) {
                    if (sent == half && !await(clientHasHalf)) throw new IOException("client did not get the first half");
                    out.write(chunk);
                }
            }
        }, "");
        long heapBefore = usedHeapAfterGc();
        HttpResponse<InputStream> r = piapi.client.send(piapi.request("/piapi/codex/file").header("Authorization", "Bearer " + KEY).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(String.valueOf(total), r.headers().firstValue("Content-Length").orElse(null), "known length is kept");
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        long heapAtHalf = 0;
        try (InputStream in = r.body()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                got += n;
                if (got >= half && heapAtHalf == 0) {
                    // the upstream is now blocked mid-body, so piapi cannot be holding the whole response
                    heapAtHalf = usedHeapAfterGc();
                    clientHasHalf.countDown();
                }
            }
        }
        assertEquals(total, got);
        long growth = heapAtHalf - heapBefore;
        assertTrue(growth < 16L << 20, "heap grew by " + (growth >> 20) + " MiB while relaying a 50 MiB body");
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void upstreamCutMidStreamGivesTheClientABrokenResponse() throws Exception {
        start((ex, r) -> {
            sseHeaders(ex);
            OutputStream out = ex.getResponseBody();
            event(out, 1);
            throw new IOException("upstream dies mid-stream"); // the JDK server drops the connection, no final chunk
        }, "");
        HttpResponse<InputStream> r = piapi.client.send(piapi.request("/piapi/codex/responses").header("Authorization", "Bearer " + KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        InputStream body = r.body();
        assertThrows(IOException.class, () -> body.readAllBytes(), "the client must see the stream break, not a clean end");
        assertEquals("upstream_error", piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow()).get("outcome"));
    }

    @Test
    void clientDisconnectMidStreamCancelsTheUpstream() throws Exception {
        CountDownLatch upstreamWriteFailed = new CountDownLatch(1);
        CountDownLatch clientGone = new CountDownLatch(1);
        start((ex, r) -> {
            sseHeaders(ex);
            OutputStream out = ex.getResponseBody();
            event(out, 0);
            if (!await(clientGone)) return;
            try {
                for (int i = 1; i < 1_000_000; i++) event(out, i); // keeps streaming until piapi hangs up on us
            } catch (IOException expected) {
                upstreamWriteFailed.countDown();
            }
        }, "");
        String requestId;
        try (Socket s = new Socket("127.0.0.1", piapi.port())) {
            s.getOutputStream().write(("POST /piapi/codex/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            requestId = head.lines().filter(l -> l.toLowerCase().startsWith("x-piapi-request-id:")).findFirst().orElseThrow()
                    .substring("x-piapi-request-id:".length()).strip();
            byte[] first = new byte[16];
            assertTrue(in.read(first) > 0, "first event arrives");
        }
        clientGone.countDown();
        assertTrue(await(upstreamWriteFailed), "piapi must close the upstream connection when the client goes away");
        assertEquals("client_gone", piapi.log.accessLine(requestId).get("outcome"));
    }

    @Test
    void silentUpstreamBodyHitsTheIdleTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start((ex, r) -> {
            sseHeaders(ex);
            OutputStream out = ex.getResponseBody();
            event(out, 0);
            await(release); // then silence
        }, "timeouts: { idle: 200ms }\n");
        try {
            HttpResponse<InputStream> r = piapi.client.send(piapi.request("/piapi/codex/responses").header("Authorization", "Bearer " + KEY)
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            InputStream body = r.body();
            assertThrows(IOException.class, () -> body.readAllBytes());
            assertEquals("timeout", piapi.log.accessLine(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow()).get("outcome"));
        } finally {
            release.countDown();
        }
    }
}
