package piapi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.support.Await;

/** The demo provider on its own, as other tests use it for an upstream. */
class DemoProviderTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().proxy(ProxySelector.of(null)).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void closeClient() {
        CLIENT.shutdownNow();
    }

    private static HttpResponse<String> call(DemoProvider p, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(p.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGE = "{\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void theFlakyOneFailsEveryThirdCallWholeAndBeforeAnyStreamByte() throws Exception {
        try (DemoProvider flaky = DemoProvider.start(Pacing.NONE, true)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                HttpResponse<String> r = call(flaky, "POST", "/v1/messages", MESSAGE, "x-api-key", "k", "anthropic-version", "2023-06-01");
                statuses.add(r.statusCode());
                if (i % 3 != 0) {
                    assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
                    continue;
                }
                assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"), "a whole JSON error, not a stream");
                Map<String, Object> error = JsonReader.parseObject(r.body());
                assertEquals("error", error.get("type"));
                assertTrue(r.headers().firstValue("request-id").isPresent());
                if (r.statusCode() == 429) {
                    assertEquals("rate_limit_error", Sse.at(error, "error", "type"));
                    assertEquals(String.valueOf(FlakyPattern.RETRY_AFTER_SECONDS), r.headers().firstValue("retry-after").orElseThrow());
                } else {
                    assertEquals("overloaded_error", Sse.at(error, "error", "type"));
                }
            }
            assertEquals(List.of(200, 200, 429, 200, 200, 529), statuses);
            HttpResponse<String> ninth = null;
            for (int i = 7; i <= 9; i++) ninth = call(flaky, "POST", "/v1/chat/completions", CHAT, "Authorization", "Bearer k");
            assertEquals(429, ninth.statusCode());
            assertEquals("rate_limit_exceeded", Sse.at(JsonReader.parseObject(ninth.body()), "error", "code"));
            for (int i = 10; i <= 12; i++) ninth = call(flaky, "POST", "/v1/chat/completions", CHAT, "Authorization", "Bearer k");
            assertEquals(503, ninth.statusCode(), "OpenAI says overloaded with 503");
            assertEquals(12, flaky.calls());
            assertEquals(4, flaky.failures());
        }
    }

    @Test
    void theSteadyOneNeverFails() throws Exception {
        try (DemoProvider steady = DemoProvider.start(Pacing.NONE, false)) {
            for (int i = 0; i < 9; i++) assertEquals(200, call(steady, "POST", "/chat/completions", CHAT, "Authorization", "Bearer k").statusCode());
            assertEquals(0, steady.failures());
            assertEquals("demo-steady", steady.name());
        }
    }

    @Test
    void refusalsComeInTheCallersVendorShape() throws Exception {
        try (DemoProvider p = DemoProvider.start("up", Pacing.NONE, false)) {
            HttpResponse<String> noKey = call(p, "POST", "/v1/messages", MESSAGE);
            assertEquals(401, noKey.statusCode());
            assertEquals("authentication_error", Sse.at(JsonReader.parseObject(noKey.body()), "error", "type"));
            HttpResponse<String> noBearer = call(p, "POST", "/v1/chat/completions", CHAT, "Authorization", "Basic eA==");
            assertEquals(401, noBearer.statusCode());
            assertEquals("invalid_api_key", Sse.at(JsonReader.parseObject(noBearer.body()), "error", "code"));
            assertEquals(200, call(p, "POST", "/v1/chat/completions?api_key=k", CHAT).statusCode(), "a key in the query counts");
            HttpResponse<String> notJson = call(p, "POST", "/v1/responses", "{nope", "Authorization", "Bearer k");
            assertEquals(400, notJson.statusCode());
            assertEquals("invalid_request_error", Sse.at(JsonReader.parseObject(notJson.body()), "error", "type"));
            assertEquals(404, call(p, "POST", "/v2/chat", CHAT, "Authorization", "Bearer k").statusCode());
            assertEquals(405, call(p, "GET", "/v1/messages", null, "x-api-key", "k").statusCode());
            assertEquals(200, call(p, "HEAD", "/", null).statusCode(), "Claude Code's probe of its base URL");
            assertTrue(call(p, "GET", "/", null).body().startsWith("up: a built-in provider of the piapi demo"));
            assertEquals(2, p.calls(), "only the two calls with a key on a known endpoint count (the query one and the bad JSON)");
        }
    }

    @Test
    void aClientThatLeavesEndsTheStreamAtTheNextToken() throws Exception {
        // Long enough between tokens that the whole reply (~50 tokens) takes seconds: the client leaves after the first.
        try (DemoProvider p = DemoProvider.start(new Pacing(Duration.ZERO, Duration.ofMillis(200)), false)) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(p.baseUrl().substring(p.baseUrl().lastIndexOf(':') + 1)));
            String body = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\"content\":\"Hello\"")) {
                int b = in.read();
                assertTrue(b >= 0, "the stream ended before its first token: " + seen);
                seen.append((char) b);
            }
            assertEquals(1, p.inProgress());
            socket.close(); // the client leaves mid-stream
            Await.until("the provider to notice its client left", Duration.ofSeconds(20), () -> p.inProgress() == 0);
            assertEquals(1, p.repliesCut(), "the reply was cut short, not finished");
        }
    }
}
