package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ALICE_KEY;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/**
 * SSE heartbeats: during upstream silence piapi writes a comment line between events, so a client that has left
 * is found by the next writes and its upstream call cancelled at once. Heartbeats never split an event, are
 * never shown to relay taps, and never keep a stream alive past the idle timeout. Time passes on real clocks
 * here (heartbeats are real writes), but every wait is on a latch or on bytes arriving.
 */
@Timeout(60)
class HeartbeatTest {
    GatewayHarness piapi;
    FakeUpstream upstream;

    @AfterEach
    void stop() throws Exception {
        if (piapi != null) piapi.close();
        if (upstream != null) upstream.close();
    }

    void start(String upstreamUrl, String timeouts) throws Exception {
        piapi = GatewayHarness.start(TestConfig.candidates("sticky_healthy", upstreamUrl).section("timeouts: " + timeouts));
    }

    static void sseHead(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    HttpResponse<InputStream> open(String path) throws Exception {
        return piapi.client.send(piapi.request("/piapi/solo" + path).header("Authorization", "Bearer " + ALICE_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    double metric(String name) {
        return Exposition.parse(piapi.gateway.metrics().render()).value(name);
    }

    /** Reads a response body on its own thread, keeping every byte and releasing a permit per heartbeat line. */
    static final class Reader {
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition grew = lock.newCondition();
        final Semaphore heartbeats = new Semaphore(0);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean broken;

        Reader(InputStream in) {
            Thread.startVirtualThread(() -> {
                int previous = '\n';
                try (in) {
                    for (int b; (b = in.read()) >= 0; previous = b) {
                        lock.lock();
                        try {
                            got.write(b);
                            grew.signalAll();
                        } finally {
                            lock.unlock();
                        }
                        if (b == ':' && (previous == '\n' || previous == '\r')) heartbeats.release();
                    }
                } catch (IOException e) {
                    broken = true;
                } finally {
                    ended.countDown();
                }
            });
        }

        String text() {
            lock.lock();
            try {
                return got.toString(StandardCharsets.UTF_8);
            } finally {
                lock.unlock();
            }
        }

        /** Waits until what arrived contains {@code fragment}. */
        void awaitContains(String fragment) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            lock.lock();
            try {
                while (!got.toString(StandardCharsets.UTF_8).contains(fragment)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) throw new AssertionError("no '" + fragment + "' in: " + got.toString(StandardCharsets.UTF_8));
                    grew.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Waits for {@code n} more heartbeat lines. */
        void awaitHeartbeats(int n) throws InterruptedException {
            assertTrue(heartbeats.tryAcquire(n, 20, TimeUnit.SECONDS), "heartbeats; got so far: " + text());
        }
    }

    /**
     * The scenario: the upstream sends three events, then is silent for 30 s; the client reads the third
     * and leaves. Within heartbeat + 1 s the upstream sees its connection closed: piapi found the client gone on a
     * heartbeat and cancelled the upstream call, instead of holding it (and its cost) for the whole silence. The
     * client's close is a FIN, which the first heartbeat cannot reveal; with a 2 s heartbeat, waiting for the
     * next one would take 4 s, so this also shows the quick second heartbeat of each pair.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aClientThatLeavesDuringSilenceHasItsUpstreamCancelledWithinTheHeartbeatAndASecond(int heartbeatSeconds) throws Exception {
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread.startVirtualThread(() -> threeEventsThenSilence(silent, upstreamSawClose));
            start("http://127.0.0.1:" + silent.getLocalPort(), "{heartbeat: " + heartbeatSeconds + "s}");
            try (Socket client = RawHttp.connect(piapi.port())) {
                RawHttp.send(client, "POST /piapi/solo/v1/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ALICE_KEY
                        + "\r\nX-Request-ID: leaves-early\r\nContent-Length: 2\r\n\r\n{}");
                // through the chunk's CRLF: nothing unread, so the close is a FIN and only a second write can find it
                RawHttp.readUntil(client.getInputStream(), "data: 3\n\n\r\n");
            } // the client leaves after the third event, as a user pressing Esc does
            long left = System.nanoTime();
            assertTrue(upstreamSawClose.await(heartbeatSeconds + 1, TimeUnit.SECONDS), "the upstream connection closed within heartbeat + 1 s");
            long tookMs = (System.nanoTime() - left) / 1_000_000;
            Map<String, Object> line = piapi.log.accessLine("leaves-early");
            assertEquals("client_gone", line.get("outcome"), "took " + tookMs + " ms");
            assertEquals(1, metric("piapi_sse_heartbeat_clients_gone_total"));
            assertTrue(metric("piapi_sse_heartbeats_total") >= 1, "the first heartbeat went out (and drew the reset); took " + tookMs + " ms");
        }
    }

    /** A raw upstream: answers three events, then reads its socket until piapi closes it (30 s at most). */
    static void threeEventsThenSilence(ServerSocket server, CountDownLatch sawClose) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            int length = Integer.parseInt(head.replaceAll("(?si).*content-length: *(\\d+).*", "$1"));
            in.readNBytes(length);
            OutputStream out = s.getOutputStream();
            StringBuilder body = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 1; i <= 3; i++) {
                String event = "event: delta\ndata: " + i + "\n\n";
                body.append(Integer.toHexString(event.length())).append("\r\n").append(event).append("\r\n");
            }
            out.write(body.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.setSoTimeout(30_000); // the silence: nothing more is sent
            if (in.read() < 0) sawClose.countDown();
        } catch (SocketTimeoutException e) {
            // still open after 30 s: the latch stays closed and the test fails
        } catch (IOException e) {
            sawClose.countDown(); // a reset is a close too
        }
    }

    /**
     * An event split in two chunks with a long silence between them: heartbeats go out before it and after it,
     * never inside it. The silence lasts while a second, silent stream receives four heartbeats, so heartbeats
     * were due many times over while the event was half written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void aHeartbeatNeverLandsInsideAnEvent(String eol) throws Exception {
        Semaphore controlBeats = new Semaphore(0);
        CountDownLatch beforeSplit = new CountDownLatch(1);
        CountDownLatch afterSplit = new CountDownLatch(1);
        CountDownLatch controlDone = new CountDownLatch(1);
        upstream = FakeUpstream.start((ex, r) -> {
            sseHead(ex);
            try (OutputStream out = ex.getResponseBody()) {
                if (r.rawPath().endsWith("/control")) {
                    write(out, "data: control" + eol + eol);
                    controlDone.await(30, TimeUnit.SECONDS);
                    return;
                }
                write(out, "event: a" + eol + "data: 1" + eol + eol);
                beforeSplit.await(30, TimeUnit.SECONDS);                  // heartbeats after event a
                write(out, "event: b" + eol + "data: {\"half\":");          // half an event...
                if (!controlBeats.tryAcquire(4, 30, TimeUnit.SECONDS)) throw new IOException("the control stream got no heartbeats");
                write(out, "true}" + eol + eol);                            // ...and its other half, much later
                afterSplit.await(30, TimeUnit.SECONDS);                   // heartbeats after event b
                write(out, "event: c" + eol + "data: 3" + eol + eol);
            }
        });
        start(upstream.url(), "{heartbeat: 200ms}");
        Reader split = new Reader(open("/v1/split").body());
        split.awaitHeartbeats(1);
        Reader control = new Reader(open("/v1/control").body());
        control.awaitHeartbeats(1);                    // the control stream is heartbeating
        beforeSplit.countDown();
        for (int i = 0; i < 4; i++) {
            control.awaitHeartbeats(1);
            controlBeats.release();
        }
        split.awaitContains("true}" + eol + eol + ":");   // a heartbeat after event b is whole again
        afterSplit.countDown();
        assertTrue(split.ended.await(20, TimeUnit.SECONDS));
        controlDone.countDown();
        String text = split.text();
        assertFalse(split.broken, text);
        String heartbeats = "(:" + eol + ")+";
        String expected = "event: a" + eol + "data: 1" + eol + eol + heartbeats
                + "event: b" + eol + "data: \\{\"half\":true\\}" + eol + eol + heartbeats
                + "event: c" + eol + "data: 3" + eol + eol;
        assertTrue(text.matches(expected), "the client got: " + text.replace("\r", "\\r").replace("\n", "\\n"));
    }

    /** Relay taps (usage, metrics) see the upstream's bytes only: the client got heartbeats, the tap none. */
    @Test
    void relayTapsNeverSeeHeartbeats() throws Exception {
        CountDownLatch clientSawHeartbeats = new CountDownLatch(1);
        String events = "event: a\ndata: 1\n\nevent: b\ndata: 2\n\n";
        upstream = FakeUpstream.start((ex, r) -> {
            sseHead(ex);
            try (OutputStream out = ex.getResponseBody()) {
                write(out, "event: a\ndata: 1\n\n");
                clientSawHeartbeats.await(30, TimeUnit.SECONDS);
                write(out, "event: b\ndata: 2\n\n");
            }
        });
        start(upstream.url(), "{heartbeat: 200ms}");
        ByteArrayOutputStream tapped = new ByteArrayOutputStream();
        piapi.gateway.relayTaps().register("recorder", exchange -> (buffer, offset, length) -> {
            synchronized (tapped) {
                tapped.write(buffer, offset, length);
            }
        });
        HttpResponse<InputStream> r = open("/v1/messages");
        Reader reader = new Reader(r.body());
        reader.awaitHeartbeats(2);
        clientSawHeartbeats.countDown();
        assertTrue(reader.ended.await(20, TimeUnit.SECONDS));
        assertTrue(reader.text().startsWith("event: a\ndata: 1\n\n:\n:\n"), reader.text());
        Map<String, Object> line = piapi.log.accessLine(GatewayHarness.requestId(r));
        synchronized (tapped) {
            assertEquals(events, tapped.toString(StandardCharsets.UTF_8));
        }
        assertEquals(events.length(), ((Number) line.get("bytes_out")).intValue(), "bytes_out counts the upstream's bytes");
        assertEquals("ok", line.get("outcome"));
    }

    /**
     * Heartbeats are piapi's writes, not the upstream's: a stream the upstream leaves silent still ends at the
     * idle timeout, heartbeats or not, and the client sees it broken.
     */
    @Test
    void heartbeatsDoNotKeepAnIdleStreamAlive() throws Exception {
        CountDownLatch upstreamReleased = new CountDownLatch(1);
        upstream = FakeUpstream.start((ex, r) -> {
            sseHead(ex);
            OutputStream out = ex.getResponseBody();
            write(out, "data: only\n\n");
            upstreamReleased.await(30, TimeUnit.SECONDS); // silent until the test ends
        });
        start(upstream.url(), "{heartbeat: 100ms, idle: 1s}");
        HttpResponse<InputStream> r = open("/v1/messages");
        Reader reader = new Reader(r.body());
        reader.awaitHeartbeats(2);
        assertTrue(reader.ended.await(20, TimeUnit.SECONDS), "the idle timeout ends the stream");
        upstreamReleased.countDown();
        assertTrue(reader.broken, "the client sees a broken stream, not a clean end: " + reader.text());
        assertEquals("timeout", piapi.log.accessLine(GatewayHarness.requestId(r)).get("outcome"));
    }

    /** With {@code heartbeat: 0s}, a silent stream gets nothing from piapi until the idle timeout ends it. */
    @Test
    void aZeroHeartbeatWritesNothingDuringSilence() throws Exception {
        CountDownLatch upstreamReleased = new CountDownLatch(1);
        upstream = FakeUpstream.start((ex, r) -> {
            sseHead(ex);
            write(ex.getResponseBody(), "data: only\n\n");
            upstreamReleased.await(30, TimeUnit.SECONDS);
        });
        start(upstream.url(), "{heartbeat: 0s, idle: 1s}");
        HttpResponse<InputStream> r = open("/v1/messages");
        Reader reader = new Reader(r.body());
        assertTrue(reader.ended.await(20, TimeUnit.SECONDS));
        upstreamReleased.countDown();
        assertEquals("data: only\n\n", reader.text());
        assertEquals(0, metric("piapi_sse_heartbeats_total"));
    }
}
