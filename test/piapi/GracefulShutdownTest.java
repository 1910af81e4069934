package piapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/**
 * Graceful shutdown, driven through {@link Gateway#shutdown(Duration)} and {@link Gateway#close()} (the
 * signal handlers call exactly these): new connections are refused at once, a stream in flight finishes
 * within the grace, what remains when the grace runs out is cut, and a second stop cuts a drain short.
 */
@Timeout(30)
class GracefulShutdownTest {
    static final String KEY = "piapi-alice-key-0001";
    static final Duration LONG_GRACE = Duration.ofSeconds(60); // never reached: the tests end drains otherwise

    final CountDownLatch release = new CountDownLatch(1);
    FakeUpstream upstream;
    GatewayHarness piapi;

    /** An upstream that streams one event, waits for {@link #release}, then streams a second and ends. */
    void start() throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!release.await(20, TimeUnit.SECONDS)) throw new IOException("never released");
                out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        piapi = GatewayHarness.start(TestConfig.config().provider("alpha").key("main", "sk-alpha-secret-0001")
                .service("codex", upstream.url() + "/v1").user("alice", KEY).route("codex", "alpha", "main"));
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (piapi != null) piapi.close();
        if (upstream != null) upstream.close();
    }

    /** A raw client connection, so the test controls exactly which connections exist. */
    Socket connect() throws IOException {
        return RawHttp.connect(piapi.port());
    }

    static void send(Socket s, String method, String path, boolean withKey) throws IOException {
        RawHttp.send(s, method + " " + path + " HTTP/1.1\r\nHost: piapi\r\n"
                + (withKey ? "Authorization: Bearer " + KEY + "\r\n" : "") + "Content-Length: 0\r\n\r\n");
    }

    Thread shutdownInBackground(Duration grace) {
        Thread t = Thread.ofPlatform().name("test-shutdown").start(() -> piapi.gateway.shutdown(grace));
        piapi.log.await("shutdown_started event", l -> "shutdown_started".equals(l.get("event")));
        return t;
    }

    boolean refusesNewConnections() {
        try {
            new Socket(InetAddress.getLoopbackAddress(), piapi.port()).close();
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Map<String, Object> shutdownEvent() {
        return piapi.log.await("shutdown event", l -> "shutdown".equals(l.get("event")));
    }

    @Test
    void aStreamInFlightFinishesWithinTheGraceWhileNewConnectionsAreRefused() throws Exception {
        start();
        try (Socket stream = connect()) {
            send(stream, "POST", "/piapi/codex/responses", true);
            RawHttp.readUntil(stream.getInputStream(), "data: one");
            Thread stopping = shutdownInBackground(LONG_GRACE);
            Await.until("the listener to refuse connections", Duration.ofSeconds(10), this::refusesNewConnections);
            assertTrue(stopping.isAlive(), "the shutdown must wait for the stream");
            release.countDown();
            String rest = RawHttp.readRest(stream.getInputStream());
            assertTrue(rest.contains("data: two"), rest);
            assertTrue(rest.endsWith("0\r\n\r\n"), "the stream must end cleanly, with its last chunk: " + rest);
            stopping.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(stopping.isAlive());
        }
        Map<String, Object> done = shutdownEvent();
        assertEquals(true, done.get("drained"));
        assertEquals(0L, ((Number) done.get("cut")).longValue());
        assertEquals(1L, ((Number) done.get("in_flight_at_start")).longValue());
        assertEquals("ok", piapi.log.await("the stream's access line", l -> "/piapi/codex/responses".equals(l.get("path"))).get("outcome"));
    }

    @Test
    void aRequestOnAKeptAliveConnectionDuringTheDrainGets503AndTheConnectionCloses() throws Exception {
        start();
        try (Socket stream = connect(); Socket keptAlive = connect()) {
            send(keptAlive, "GET", "/healthz", false);
            RawHttp.readUntil(keptAlive.getInputStream(), "ok\n"); // served: the connection stays open for more
            send(stream, "POST", "/piapi/codex/responses", true);
            RawHttp.readUntil(stream.getInputStream(), "data: one"); // keeps the drain open
            Thread stopping = shutdownInBackground(LONG_GRACE);
            send(keptAlive, "GET", "/healthz", false);
            String refused = RawHttp.readRest(keptAlive.getInputStream()); // the server closes it after the answer
            assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
            assertTrue(refused.contains("\"code\":\"shutting_down\""), refused);
            assertTrue(refused.toLowerCase().contains("connection: close"), refused);
            release.countDown();
            RawHttp.readRest(stream.getInputStream());
            stopping.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertEquals(true, shutdownEvent().get("drained"));
    }

    @Test
    void whatRemainsWhenTheGraceRunsOutIsCutAndLoggedAsCut() throws Exception {
        start();
        try (Socket stream = connect()) {
            send(stream, "POST", "/piapi/codex/responses", true);
            RawHttp.readUntil(stream.getInputStream(), "data: one");
            piapi.gateway.shutdown(Duration.ofMillis(200)); // the upstream never sends the rest: the grace runs out
            String rest = RawHttp.readRest(stream.getInputStream());
            assertFalse(rest.contains("0\r\n\r\n"), "a cut stream must not look complete: " + rest);
        }
        Map<String, Object> done = shutdownEvent();
        assertEquals(false, done.get("drained"));
        assertEquals(1L, ((Number) done.get("cut")).longValue());
        String error = String.valueOf(piapi.log.await("the cut stream's access line",
                l -> "/piapi/codex/responses".equals(l.get("path"))).get("error"));
        assertTrue(error.startsWith("cut off by shutdown"), error);
        assertThrows(IOException.class, this::connect, "stopped: nothing listens any more");
    }

    @Test
    void aSecondStopCutsARunningDrainShort() throws Exception {
        start();
        try (Socket stream = connect()) {
            send(stream, "POST", "/piapi/codex/responses", true);
            RawHttp.readUntil(stream.getInputStream(), "data: one");
            Thread stopping = shutdownInBackground(LONG_GRACE);
            piapi.gateway.close(); // what the second SIGTERM does; returns once the gateway has stopped
            stopping.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(stopping.isAlive(), "the first shutdown returns too");
            assertFalse(RawHttp.readRest(stream.getInputStream()).contains("0\r\n\r\n"));
        }
        assertEquals(false, shutdownEvent().get("drained"));
    }

    @Test
    void anIdleGatewayStopsWithoutWaitingForTheGrace() throws Exception {
        start();
        piapi.gateway.shutdown(LONG_GRACE); // returns at once: the class timeout would catch a full wait
        assertEquals(true, shutdownEvent().get("drained"));
        assertTrue(piapi.gateway.stopping());
        Await.until("the listener to be closed", Duration.ofSeconds(10), this::refusesNewConnections);
    }
}
