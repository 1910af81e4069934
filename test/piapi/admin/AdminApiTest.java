package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.config.Secret;
import piapi.http.Exchange;
import piapi.observe.Events;
import piapi.observe.LogSink;
import piapi.observe.Metrics;
import piapi.support.Exposition;
import piapi.support.LogCapture;
import piapi.support.TestClock;

/** Authentication (no lockout, failures counted and logged at a bounded rate) and dispatch of the admin API, on a real server. */
class AdminApiTest {
    static final String TOKEN = "Zq7x-admin-token-8812";
    final TestClock clock = new TestClock();
    final LogCapture log = new LogCapture();
    final Metrics metrics = new Metrics();
    LogSink sink;
    HttpServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        sink = new LogSink(log, 1024);
        Events events = new Events(sink, piapi.observe.LogLevel.INFO, piapi.observe.LogFormat.JSON, clock);
        AdminApi api = new AdminApi(Secret.of(TOKEN), new AdminAuthFailures(metrics, events, clock));
        api.on("GET", "/ping", r -> r.json(200, "{\"pong\":\"" + r.param("x") + "\"}"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", http -> {
            api.serve(Exchange.accept(http));
            http.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        sink.close();
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) b.header("Authorization", authorization);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    double failures(String reason) {
        return Exposition.parse(metrics.render()).value("piapi_admin_auth_failures_total", "reason", reason);
    }

    /** The admin_auth_failed events written so far (the sink writes on its own thread: wait for {@code atLeast}). */
    List<Map<String, Object>> failedEvents(int atLeast) {
        log.await(atLeast + " admin_auth_failed events",
                l -> log.lines().stream().filter(x -> "admin_auth_failed".equals(x.get("event"))).count() >= atLeast);
        return log.lines().stream().filter(l -> "admin_auth_failed".equals(l.get("event"))).toList();
    }

    @Test
    void rightTokenReachesTheEndpoint() throws Exception {
        HttpResponse<String> r = get("/piadmin/api/ping?x=a%20b", "Bearer " + TOKEN);
        assertEquals(200, r.statusCode());
        assertEquals("{\"pong\":\"a b\"}", r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(200, get("/piadmin/api/ping/", "bearer " + TOKEN).statusCode(), "scheme is case-insensitive, one trailing slash ok");
    }

    @Test
    void missingOrWrongTokenIs401WithTheRealm() throws Exception {
        for (String auth : new String[] {null, "", "Bearer", "Bearer ", "Bearer wrong", "Basic YWRtaW4=", TOKEN}) {
            HttpResponse<String> r = get("/piadmin/api/ping", auth);
            assertEquals(401, r.statusCode(), String.valueOf(auth));
            assertEquals("Bearer realm=\"piapi-admin\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
            assertTrue(r.body().contains("\"code\":\"unauthorized\""), r.body());
        }
    }

    @Test
    void missingOrEmptyCredentialIsNotAGuess() throws Exception {
        for (String auth : new String[] {null, "", "   ", "Bearer", "Bearer    "}) {
            HttpResponse<String> r = get("/piadmin/api/ping", auth);
            assertEquals(401, r.statusCode(), String.valueOf(auth));
            assertTrue(r.body().contains("no admin token was sent"), r.body());
        }
        assertEquals(0, failures("wrong_token"));
        assertEquals(0, failures("wrong_scheme"));
        get("/piadmin/api/ping", "Bearer wrong-one"); // a guess, to know the log has caught up
        assertEquals(1, failedEvents(1).size(), "only the wrong token was logged");
    }

    @Test
    void theRightTokenAlwaysWorksHoweverManyFailuresCameBefore() throws Exception {
        for (int i = 0; i < 30; i++) assertEquals(401, get("/piadmin/api/ping", "Bearer guess-" + i).statusCode());
        assertEquals(200, get("/piadmin/api/ping", "Bearer " + TOKEN).statusCode(), "no lockout: the same address gets in at once");
        for (int i = 0; i < 3; i++) assertEquals(401, get("/piadmin/api/ping", "Basic guess-" + i).statusCode());
        assertEquals(200, get("/piadmin/api/ping", "Bearer " + TOKEN).statusCode());
        assertEquals(30, failures("wrong_token"));
        assertEquals(3, failures("wrong_scheme"));
    }

    @Test
    void failuresAreLoggedWithTheClientAddressAtABoundedRateAndNeverTheToken() throws Exception {
        int sent = 3 * AdminAuthFailures.BURST;
        for (int i = 0; i < sent; i++) get("/piadmin/api/ping", "Bearer guess-" + TOKEN.substring(0, 8) + "-" + i);
        List<Map<String, Object>> first = failedEvents(AdminAuthFailures.BURST);
        assertEquals(AdminAuthFailures.BURST, first.size(), "the rest of the window is counted, not logged");
        Map<String, Object> e = first.get(0);
        assertEquals("127.0.0.1", e.get("client"));
        assertEquals("wrong_token", e.get("reason"));
        assertEquals("/piadmin/api/ping", e.get("path"));
        assertEquals(0L, e.get("suppressed"));

        clock.advance(Duration.ofMillis(AdminAuthFailures.WINDOW_MILLIS));
        get("/piadmin/api/ping", "Basic another-guess");
        Map<String, Object> next = failedEvents(AdminAuthFailures.BURST + 1).get(AdminAuthFailures.BURST);
        assertEquals("wrong_scheme", next.get("reason"));
        assertEquals((long) (sent - AdminAuthFailures.BURST), next.get("suppressed"), "the next window says how many were not logged");
        assertEquals(sent, failures("wrong_token"), "the metric counts every one");

        String text = log.text();
        assertFalse(text.contains("guess-"), "no presented token, nor any part of one");
        assertFalse(text.contains(TOKEN.substring(0, 4)), "nothing of the real token either");
        assertFalse(text.contains("another-guess"));
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertEquals(404, get("/piadmin/api/nope", "Bearer " + TOKEN).statusCode());
        assertEquals(404, get("/piadmin/api", "Bearer " + TOKEN).statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/piadmin/api/ping")).header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}
