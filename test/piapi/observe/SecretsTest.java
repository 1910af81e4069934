package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.observe.ObserveConfigs.ALICE;
import static piapi.observe.ObserveConfigs.BOB;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import piapi.Gateway;
import piapi.GatewayOptions;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.LogCapture;

/**
 * After a run through every route, every auth mode (Authorization, x-api-key, query) and every error,
 * no provider key, user key or admin token appears in the log, on stderr, in {@code /metrics} or in any
 * admin response, in both log formats and at the most verbose level.
 */
class SecretsTest {
    static final String ADMIN_TOKEN = "admin-token-s3cret-0077";
    static final String GUESSED_KEY = "piapi-guess-s3cret-0099";
    static final List<String> SECRETS = List.of(ObserveConfigs.ALPHA_KEY, ObserveConfigs.BETA_KEY, ObserveConfigs.DEAD_KEY, ALICE, BOB,
            ADMIN_TOKEN, GUESSED_KEY);

    final CountDownLatch release = new CountDownLatch(1);
    final List<String> exposed = new ArrayList<>(); // every admin response and /metrics text, headers included

    @ParameterizedTest
    @CsvSource({"JSON, INFO", "TEXT, DEBUG"})
    void noSecretLeavesPiapi(LogFormat format, LogLevel level) throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        LogCapture log = new LogCapture();
        Path dir = Files.createTempDirectory("piapi-secrets");
        try (FakeUpstream upstream = FakeUpstream.start(this::answer)) {
            System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true, StandardCharsets.UTF_8));
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, ObserveConfigs.twoProviders(upstream.url(), ObserveConfigs.deadPort(),
                    "timeouts: { firstByte: 300ms, connect: 2s }\nlimits: { maxRequestBody: 1KiB }\nmetrics: { perUser: true }"));
            Gateway g = Gateway.start(new GatewayOptions(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN), log, Clock.systemUTC(), level, format));
            try {
                exerciseEverything(new Client(g.port()));
            } finally {
                release.countDown();
                g.close();
            }
        } finally {
            System.setErr(originalErr);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String logText = log.text();
        assertTrue(logText.contains("unknown_user_key") && logText.contains("client_gone") && logText.contains("upstream_unreachable")
                && logText.contains("timeout") && logText.contains("/piadmin/api/logs"), "the run did reach every path:\n" + logText);
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

    private void exerciseEverything(Client c) throws Exception {
        // every auth mode, in and out
        c.expect(200, "GET", "/piapi/codex/v1/models", "Authorization", "Bearer " + ALICE);
        c.expect(200, "POST", "/piapi/claude_code/v1/messages", "x-api-key", ALICE);
        c.expect(200, "GET", "/piapi/query/v1/models?key=" + ALICE + "&token=" + BOB + "&" + BOB, "Authorization", "Bearer " + ALICE);
        c.expect(200, "GET", "/piapi/codex/v1/models", "x-api-key", BOB);
        // every refusal and failure
        c.expect(401, "GET", "/piapi/codex/x", null, null);
        c.expect(401, "GET", "/piapi/codex/x", "Authorization", "Bearer " + GUESSED_KEY);
        c.expect(401, "GET", "/piapi/codex/x", "Authorization", "Basic " + ALICE);
        c.expect(404, "GET", "/piapi/gemini/x", "Authorization", "Bearer " + ALICE);
        c.expect(404, "GET", "/piapi/", "Authorization", "Bearer " + ALICE);
        c.expect(400, "GET", "/piapi/codex/a/../b", "Authorization", "Bearer " + ALICE);
        c.expect(413, "POST", "/piapi/codex/big", "Authorization", "Bearer " + ALICE, "x".repeat(2048));
        c.expect(426, "GET", "/piapi/codex/ws", "Authorization", "Bearer " + ALICE, null, "Upgrade", "websocket");
        c.expect(502, "POST", "/piapi/dead/v1/chat?key=" + ALICE, "Authorization", "Bearer " + ALICE);
        c.expect(504, "GET", "/piapi/query/hang", "Authorization", "Bearer " + ALICE);
        c.expect(500, "GET", "/piapi/query/fail", "x-api-key", ALICE);
        c.brokenStream("/piapi/query/break");
        c.clientLeaves("/piapi/query/stream");
        c.expect(200, "GET", "/healthz", null, null);
        c.expect(404, "GET", "/nope?key=" + ALICE, null, null);
        exposed.add(c.expect(200, "GET", "/metrics", null, null));
        // the admin API: wrong and missing token, unknown endpoint, wrong method, bad parameters, and the real answers
        exposed.add(c.expect(401, "GET", "/piadmin/api/logs", "Authorization", "Bearer " + GUESSED_KEY));
        exposed.add(c.expect(401, "GET", "/piadmin/api/logs", "Authorization", "Bearer " + ALICE));
        exposed.add(c.expect(401, "GET", "/piadmin/api/stats", null, null));
        exposed.add(c.expect(404, "GET", "/piadmin/api/nothing", "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(405, "POST", "/piadmin/api/logs", "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(400, "GET", "/piadmin/api/logs?user=" + ALICE + "&bogus=" + BOB, "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(400, "GET", "/piadmin/api/logs?" + ALICE + "=1", "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(400, "GET", "/piadmin/api/logs?status=" + ALICE + "&limit=" + BOB, "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(400, "GET", "/piadmin/api/logs?since=" + ALICE, "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(400, "GET", "/piadmin/api/stats?window=" + ALICE, "Authorization", "Bearer " + ADMIN_TOKEN));
        Await.until("every request in the request log", Duration.ofSeconds(5), () -> {
            try {
                String logs = c.expect(200, "GET", "/piadmin/api/logs?limit=5000", "Authorization", "Bearer " + ADMIN_TOKEN);
                return logs.contains("client_gone") && logs.contains("upstream_error");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        exposed.add(c.expect(200, "GET", "/piadmin/api/logs?limit=5000", "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(200, "GET", "/piadmin/api/logs?user=alice&status=error", "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(200, "GET", "/piadmin/api/stats", "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(200, "GET", "/piadmin/api/stats?window=1h&service=query", "Authorization", "Bearer " + ADMIN_TOKEN));
        exposed.add(c.expect(200, "GET", "/metrics", null, null));
        assertTrue(exposed.get(exposed.size() - 2).contains("\"requests\""), "stats answered");
    }

    /** Raw HTTP/1.1 over a socket, so any request (a websocket upgrade, a dot segment, a dropped connection) can be sent as is. */
    static final class Client {
        final int port;

        Client(int port) {
            this.port = port;
        }

        String expect(int status, String method, String target, String header, String value) throws IOException {
            return expect(status, method, target, header, value, null);
        }

        String expect(int status, String method, String target, String header, String value, String body) throws IOException {
            return expect(status, method, target, header, value, body, null, null);
        }

        /** Sends one request and returns the whole response (head and body) after checking its status. */
        String expect(int status, String method, String target, String header, String value, String body, String header2,
                      String value2) throws IOException {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
                if (header != null) req.append(header).append(": ").append(value).append("\r\n");
                if (header2 != null) req.append(header2).append(": ").append(value2).append("\r\nConnection: Upgrade\r\n");
                req.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
                OutputStream out = s.getOutputStream();
                out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
                out.flush();
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 " + status + " "), method + " " + target + " -> " + response);
                return response;
            }
        }

        /** The upstream breaks off after one event: the client sees a broken response. */
        void brokenStream(String target) throws IOException {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nx-api-key: " + ALICE + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = s.getInputStream();
                try {
                    in.readAllBytes();
                } catch (IOException expected) {
                    // a reset is one way to see the break
                }
            }
        }

        /** The client reads the first event and hangs up. */
        void clientLeaves(String target) throws IOException {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ALICE + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(s.getInputStream().read(new byte[64]) > 0);
            }
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
