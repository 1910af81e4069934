package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.config.Secret;
import piapi.http.Exchange;
import piapi.observe.LogSink;
import piapi.support.LogCapture;
import piapi.support.TestClock;

/** Authentication, lockout and dispatch of the admin API, on a real server. */
class AdminApiTest {
    final TestClock clock = new TestClock();
    final LogCapture log = new LogCapture();
    LogSink sink;
    HttpServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        AdminApi api = new AdminApi(Secret.of("admin-token-123456"), new FailedLogins(clock, 3, 60_000));
        api.on("GET", "/ping", r -> r.json(200, "{\"pong\":\"" + r.param("x") + "\"}"));
        sink = new LogSink(log, 1024);
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

    @Test
    void rightTokenReachesTheEndpoint() throws Exception {
        HttpResponse<String> r = get("/piadmin/api/ping?x=a%20b", "Bearer admin-token-123456");
        assertEquals(200, r.statusCode());
        assertEquals("{\"pong\":\"a b\"}", r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(200, get("/piadmin/api/ping/", "bearer admin-token-123456").statusCode(), "scheme is case-insensitive, one trailing slash ok");
    }

    @Test
    void missingOrWrongTokenIs401WithTheRealm() throws Exception {
        for (String auth : new String[] {null, "Bearer wrong", "Basic YWRtaW4=", "Bearer ", "admin-token-123456"}) {
            HttpResponse<String> r = get("/piadmin/api/ping", auth);
            assertEquals(401, r.statusCode(), String.valueOf(auth));
            assertEquals("Bearer realm=\"piapi-admin\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
            assertTrue(r.body().contains("\"code\":\"unauthorized\""), r.body());
            clock.advance(Duration.ofMinutes(2)); // keep the lockout out of this test
        }
    }

    @Test
    void repeatedFailuresLockTheAddressOutUntilTheWindowPasses() throws Exception {
        for (int i = 0; i < 3; i++) assertEquals(401, get("/piadmin/api/ping", "Bearer guess-" + i).statusCode());
        HttpResponse<String> locked = get("/piadmin/api/ping", "Bearer admin-token-123456");
        assertEquals(429, locked.statusCode(), "even the right token waits: otherwise guessing goes on");
        assertEquals("60", locked.headers().firstValue("Retry-After").orElse(null));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(200, get("/piadmin/api/ping", "Bearer admin-token-123456").statusCode());
        assertEquals(401, get("/piadmin/api/ping", "Bearer guess-again").statusCode(), "a success cleared the count");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertEquals(404, get("/piadmin/api/nope", "Bearer admin-token-123456").statusCode());
        assertEquals(404, get("/piadmin/api", "Bearer admin-token-123456").statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/piadmin/api/ping")).header("Authorization", "Bearer admin-token-123456").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}
