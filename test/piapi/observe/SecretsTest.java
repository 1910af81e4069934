package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ALICE_KEY;
import static piapi.support.TestConfig.BOB_KEY;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import piapi.Gateway;
import piapi.GatewayOptions;
import piapi.support.DeadPort;
import piapi.support.FakeUpstream;
import piapi.support.LogCapture;
import piapi.support.RawHttp;
import piapi.support.TestConfig;

/**
 * No provider key, user key or admin token appears in the log, on stderr, in {@code /metrics} or in any
 * admin response, whatever a request does: every auth mode, every refusal, every upstream failure, every
 * admin answer. Each test runs its requests in both log formats, the JSON one at info and the text one at
 * the most verbose level.
 */
class SecretsTest {
    static final String ADMIN_TOKEN = "admin-token-s3cret-0077";
    static final String GUESSED_KEY = "piapi-guess-s3cret-0099";
    static final List<String> SECRETS = List.of(TestConfig.ALPHA_KEY, TestConfig.BETA_KEY, TestConfig.DEAD_KEY, ALICE_KEY, BOB_KEY,
            ADMIN_TOKEN, GUESSED_KEY);

    final CountDownLatch release = new CountDownLatch(1);
    final List<String> exposed = new ArrayList<>(); // admin responses and /metrics texts, headers included
    final LogCapture log = new LogCapture();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalErr;
    FakeUpstream upstream;
    DeadPort dead;
    Path dir;
    Gateway gateway;

    /** A gateway with the admin API, logging in {@code format} from {@code level} on; stderr is copied too. */
    void start(LogFormat format, LogLevel level) throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true, StandardCharsets.UTF_8));
        upstream = FakeUpstream.start(this::answer);
        dead = new DeadPort();
        dir = Files.createTempDirectory("piapi-secrets");
        Path config = Files.writeString(dir.resolve("config.yaml"), TestConfig.twoProviders(upstream.url(), dead.port())
                .section("timeouts: {firstByte: 300ms, connect: 2s}\nlimits: {maxRequestBody: 1KiB}\nmetrics: {perUser: true}").yaml());
        gateway = Gateway.start(new GatewayOptions(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN), log, Clock.systemUTC(), level, format).withSynchronousLog());
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (gateway != null) gateway.close();
        if (upstream != null) upstream.close();
        if (dead != null) dead.close();
        if (originalErr != null) System.setErr(originalErr);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** After the requests: the log reached {@code reached} (so the path under test was taken), and no secret is anywhere. */
    void assertNoSecretAfter(String... reached) {
        gateway.close(); // every line written, stderr included
        String logText = log.text();
        for (String word : reached) assertTrue(logText.contains(word), "the run did reach '" + word + "':\n" + logText);
        for (String secret : SECRETS) {
            assertFalse(logText.contains(secret), "log holds " + secret + ":\n" + logText);
            assertFalse(stderr.toString(StandardCharsets.UTF_8).contains(secret), "stderr holds " + secret);
            for (String response : exposed) assertFalse(response.contains(secret), "a response holds " + secret + ":\n" + response);
        }
    }

    private void answer(com.sun.net.httpserver.HttpExchange ex, FakeUpstream.Recorded r) throws Exception {
        String path = r.rawPath();
        if (path.endsWith("/hang")) {
            release.await(10, TimeUnit.SECONDS);
        } else if (path.endsWith("/fail")) {
            FakeUpstream.reply(ex, 500, "application/json", "{\"error\":{\"message\":\"upstream says no\"}}");
        } else if (path.endsWith("/break") || path.endsWith("/stream")) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (path.endsWith("/break")) throw new IOException("upstream dies mid-stream");
            for (int i = 0; i < 1_000_000 && release.getCount() > 0; i++) {
                out.write("data: more\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } else {
            FakeUpstream.reply(ex, 200, "application/json", "{\"ok\":true}");
        }
    }

    @ParameterizedTest
    @CsvSource({"JSON, INFO", "TEXT, DEBUG"})
    void everyAuthModeInAndOut(LogFormat format, LogLevel level) throws Exception {
        start(format, level);
        expect(200, "GET", "/piapi/codex/v1/models", "Authorization: Bearer " + ALICE_KEY, null);
        expect(200, "POST", "/piapi/claude_code/v1/messages", "x-api-key: " + ALICE_KEY, null);
        expect(200, "GET", "/piapi/query/v1/models?key=" + ALICE_KEY + "&token=" + BOB_KEY + "&" + BOB_KEY, "Authorization: Bearer " + ALICE_KEY, null);
        expect(200, "GET", "/piapi/codex/v1/models", "x-api-key: " + BOB_KEY, null);
        assertNoSecretAfter("/piapi/query/v1/models", "/piapi/claude_code/v1/messages");
    }

    @ParameterizedTest
    @CsvSource({"JSON, INFO", "TEXT, DEBUG"})
    void everyRefusal(LogFormat format, LogLevel level) throws Exception {
        start(format, level);
        expect(401, "GET", "/piapi/codex/x", null, null);
        expect(401, "GET", "/piapi/codex/x", "Authorization: Bearer " + GUESSED_KEY, null);
        expect(401, "GET", "/piapi/codex/x", "Authorization: Basic " + ALICE_KEY, null);
        expect(404, "GET", "/piapi/gemini/x", "Authorization: Bearer " + ALICE_KEY, null);
        expect(404, "GET", "/piapi/", "Authorization: Bearer " + ALICE_KEY, null);
        expect(400, "GET", "/piapi/codex/a/../b", "Authorization: Bearer " + ALICE_KEY, null);
        expect(413, "POST", "/piapi/codex/big", "Authorization: Bearer " + ALICE_KEY, "x".repeat(2048));
        expect(426, "GET", "/piapi/codex/ws", "Authorization: Bearer " + ALICE_KEY + "\r\nUpgrade: websocket\r\nConnection: Upgrade", null);
        expect(404, "GET", "/nope?key=" + ALICE_KEY, null, null);
        assertNoSecretAfter("unknown_user_key", "unsupported_auth_scheme", "request_too_large", "websocket_not_supported");
    }

    @ParameterizedTest
    @CsvSource({"JSON, INFO", "TEXT, DEBUG"})
    void everyUpstreamFailure(LogFormat format, LogLevel level) throws Exception {
        start(format, level);
        expect(502, "POST", "/piapi/dead/v1/chat?key=" + ALICE_KEY, "Authorization: Bearer " + ALICE_KEY, null);
        expect(504, "GET", "/piapi/query/hang", "Authorization: Bearer " + ALICE_KEY, null);
        expect(500, "GET", "/piapi/query/fail", "x-api-key: " + ALICE_KEY, null);
        brokenStream("/piapi/query/break");
        clientLeaves("/piapi/query/stream");
        log.awaitText("client_gone");
        assertNoSecretAfter("upstream_unreachable", "timeout", "upstream_error", "client_gone");
    }

    @ParameterizedTest
    @CsvSource({"JSON, INFO", "TEXT, DEBUG"})
    void everyAdminRefusal(LogFormat format, LogLevel level) throws Exception {
        start(format, level);
        exposed.add(expect(401, "GET", "/piadmin/api/logs", "Authorization: Bearer " + GUESSED_KEY, null));
        exposed.add(expect(401, "GET", "/piadmin/api/logs", "Authorization: Bearer " + ALICE_KEY, null));
        exposed.add(expect(401, "GET", "/piadmin/api/stats", null, null));
        exposed.add(expect(404, "GET", "/piadmin/api/nothing", "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(405, "POST", "/piadmin/api/logs", "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(400, "GET", "/piadmin/api/logs?user=" + ALICE_KEY + "&bogus=" + BOB_KEY, "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(400, "GET", "/piadmin/api/logs?" + ALICE_KEY + "=1", "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(400, "GET", "/piadmin/api/logs?status=" + ALICE_KEY + "&limit=" + BOB_KEY, "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(400, "GET", "/piadmin/api/logs?since=" + ALICE_KEY, "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(400, "GET", "/piadmin/api/stats?window=" + ALICE_KEY, "Authorization: Bearer " + ADMIN_TOKEN, null));
        assertNoSecretAfter("/piadmin/api/logs", "unauthorized");
    }

    @ParameterizedTest
    @CsvSource({"JSON, INFO", "TEXT, DEBUG"})
    void everyAnswerAboutTheTraffic(LogFormat format, LogLevel level) throws Exception {
        start(format, level);
        String ok = expect(200, "GET", "/piapi/query/v1/models?key=" + ALICE_KEY, "Authorization: Bearer " + ALICE_KEY, null);
        String unreachable = expect(502, "POST", "/piapi/dead/v1/chat?key=" + ALICE_KEY, "Authorization: Bearer " + ALICE_KEY, null);
        expect(401, "GET", "/piapi/codex/x", "Authorization: Bearer " + GUESSED_KEY, null);
        for (String r : List.of(ok, unreachable)) awaitAccessLine(format, header(r, "X-Piapi-Request-Id")); // the request log has them too
        exposed.add(expect(200, "GET", "/healthz", null, null));
        exposed.add(expect(200, "GET", "/metrics", null, null));
        exposed.add(expect(200, "GET", "/piadmin/api/logs?limit=5000", "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(200, "GET", "/piadmin/api/logs?user=alice&status=error", "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(200, "GET", "/piadmin/api/stats", "Authorization: Bearer " + ADMIN_TOKEN, null));
        exposed.add(expect(200, "GET", "/piadmin/api/stats?window=1h&service=query", "Authorization: Bearer " + ADMIN_TOKEN, null));
        assertTrue(exposed.get(2).contains("upstream_error") && exposed.get(2).contains("/piapi/query/v1/models"), exposed.get(2));
        assertTrue(exposed.get(4).contains("\"requests\""), "stats answered");
        assertNoSecretAfter("/piapi/dead/v1/chat");
    }

    /** One request on its own connection, with these header lines (or null) and body (or null); checks the status. */
    String expect(int status, String method, String target, String headers, String body) throws IOException {
        String lines = headers == null ? "" : headers + "\r\n";
        String payload = body == null ? "" : body;
        String response = RawHttp.exchange(gateway.port(), method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + lines
                + "Content-Length: " + payload.length() + "\r\n\r\n" + payload);
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), method + " " + target + " -> " + response);
        return response;
    }

    /** The access line of a request, in either format: written last, so the request log has the request by then. */
    void awaitAccessLine(LogFormat format, String requestId) {
        if (format == LogFormat.JSON) log.accessLine(requestId);
        else log.awaitText(" id=" + requestId);
    }

    static String header(String response, String name) {
        for (String l : response.split("\r\n")) {
            if (l.regionMatches(true, 0, name + ":", 0, name.length() + 1)) return l.substring(name.length() + 1).strip();
            if (l.isEmpty()) break;
        }
        throw new AssertionError("no " + name + " in " + response);
    }

    /** The upstream breaks off after one event: the client sees a broken response. */
    void brokenStream(String target) throws IOException {
        try (Socket s = RawHttp.connect(gateway.port())) {
            RawHttp.send(s, "GET " + target + " HTTP/1.1\r\nHost: x\r\nx-api-key: " + ALICE_KEY + "\r\n\r\n");
            RawHttp.readRest(s.getInputStream());
        }
    }

    /** The client reads the first event and hangs up. */
    void clientLeaves(String target) throws IOException {
        try (Socket s = RawHttp.connect(gateway.port())) {
            RawHttp.send(s, "GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ALICE_KEY + "\r\n\r\n");
            InputStream in = s.getInputStream();
            assertTrue(in.read(new byte[64]) > 0);
        }
    }

    /** Writes to the real stderr and keeps a copy. */
    static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        TeeStream(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c); // ByteArrayOutputStream is thread-safe
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
