package piapi.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import piapi.demo.DemoReplies.VendorError;
import piapi.http.JsonException;

/**
 * A stand-in LLM provider on a loopback port, for {@code piapi --demo} and as a realistic upstream in
 * tests. It speaks OpenAI Chat Completions and Responses and Anthropic Messages (with
 * {@code count_tokens}), as JSON and as server-sent events, answers {@code GET /models} in the caller's
 * vendor's shape, and makes up its answers offline: it never calls the network. It wants some key
 * ({@code Authorization: Bearer}, {@code x-api-key}, {@code api-key}, or a {@code key}/{@code api_key}
 * query parameter) and accepts any. A flaky one fails every third call before any byte (see
 * {@link FlakyPattern}). A client that goes away ends the reply at the next token.
 *
 * <pre>{@code
 * try (DemoProvider upstream = DemoProvider.start(Pacing.NONE, false)) {
 *     String baseUrl = upstream.baseUrl(); // http://127.0.0.1:<port>; OpenAI clients add /v1
 * }
 * }</pre>
 */
public final class DemoProvider implements AutoCloseable {
    /** Bodies above this are refused (413): nothing a demo needs, and the buffer stays bounded. */
    static final int MAX_BODY = 32 << 20;

    private final String name;
    private final boolean flaky;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("piapi-demo-provider-", 0).factory());
    private final DemoIds ids = new DemoIds();
    private final FlakyPattern pattern = new FlakyPattern();
    private final AnthropicMessages anthropic;
    private final OpenAiChat chat;
    private final OpenAiResponses responses;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final AtomicInteger inProgress = new AtomicInteger();

    private DemoProvider(String name, Pacing pacing, boolean flaky) throws IOException {
        this.name = name;
        this.flaky = flaky;
        Clock clock = Clock.systemUTC();
        this.anthropic = new AnthropicMessages(ids, pacing);
        this.chat = new OpenAiChat(ids, pacing, clock);
        this.responses = new OpenAiResponses(ids, pacing, clock);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts one named {@code demo-steady} or {@code demo-flaky}. */
    public static DemoProvider start(Pacing pacing, boolean flaky) throws IOException {
        return start(flaky ? "demo-flaky" : "demo-steady", pacing, flaky);
    }

    /** Starts one; {@code name} appears in its answers and error messages. */
    public static DemoProvider start(String name, Pacing pacing, boolean flaky) throws IOException {
        return new DemoProvider(name, pacing, flaky);
    }

    /** {@code http://127.0.0.1:<port>}: Anthropic clients add {@code /v1/messages}, OpenAI base URLs add {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    public boolean flaky() {
        return flaky;
    }

    /** API calls received with a key on a known endpoint (HEAD probes, unknown paths and calls without a key are not counted). */
    public long calls() {
        return calls.get();
    }

    /** Calls the flaky pattern failed on purpose. */
    public long failures() {
        return failures.get();
    }

    /** Replies that ended early because their client went away (or the provider stopped). */
    public long repliesCut() {
        return cut.get();
    }

    /** Calls being answered now. */
    public int inProgress() {
        return inProgress.get();
    }

    private void handle(HttpExchange exchange) {
        inProgress.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Wire wire = Wire.of(path);
            boolean anthropicCaller = wire != null && wire.anthropic() || anthropicCaller(exchange.getRequestHeaders());
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1); // Claude Code probes its base URL before the first call
            } else if (wire == null) {
                if (method.equals("GET") && (path.equals("/") || path.equals("/v1") || path.equals("/v1/"))) about(exchange);
                else DemoReplies.error(exchange, anthropicCaller, ids, VendorError.notFound("no such endpoint: " + method + " " + path));
            } else if (!method.equals(wire == Wire.MODELS ? "GET" : "POST")) {
                DemoReplies.error(exchange, anthropicCaller, ids, VendorError.methodNotAllowed(method, path));
            } else if (!hasKey(exchange)) {
                DemoReplies.error(exchange, anthropicCaller, ids, VendorError.unauthorized());
            } else if (body.length > MAX_BODY) {
                DemoReplies.error(exchange, anthropicCaller, ids, new VendorError(413, "request_too_large", 413,
                        "invalid_request_error", null, "the request body is larger than " + (MAX_BODY >> 20) + " MiB", 0));
            } else {
                calls.incrementAndGet();
                VendorError failure = flaky ? pattern.next(name) : null;
                if (failure != null) {
                    failures.incrementAndGet();
                    DemoReplies.error(exchange, anthropicCaller, ids, failure);
                } else {
                    answer(exchange, wire, anthropicCaller, body);
                }
            }
        } catch (IOException e) {
            cut.incrementAndGet(); // the client went away (or the provider is stopping): stop generating
        } finally {
            inProgress.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange, Wire wire, boolean anthropicCaller, byte[] body) throws IOException {
        if (wire == Wire.MODELS) {
            if (anthropicCaller) DemoReplies.json(exchange, 200, "request-id", ids.anthropicRequest(), ModelCatalog.anthropic());
            else DemoReplies.json(exchange, 200, "x-request-id", ids.openAiRequest(), ModelCatalog.openAi());
            return;
        }
        DemoRequest request;
        try {
            request = DemoRequest.parse(wire, body);
        } catch (JsonException e) {
            DemoReplies.error(exchange, anthropicCaller, ids, VendorError.badRequest("the body is not a JSON object: " + e.getMessage()));
            return;
        }
        switch (wire) {
            case ANTHROPIC_MESSAGES -> anthropic.answer(exchange, name, request);
            case ANTHROPIC_COUNT_TOKENS -> anthropic.countTokens(exchange, request);
            case OPENAI_CHAT -> chat.answer(exchange, name, request);
            case OPENAI_RESPONSES -> responses.answer(exchange, name, request);
            case MODELS -> throw new IllegalStateException("answered above");
        }
    }

    /** Anthropic's clients send {@code anthropic-version}; their keys travel in {@code x-api-key}. */
    private static boolean anthropicCaller(Headers headers) {
        return headers.containsKey("anthropic-version") || headers.containsKey("x-api-key");
    }

    private static boolean hasKey(HttpExchange exchange) {
        Headers h = exchange.getRequestHeaders();
        String authorization = h.getFirst("Authorization");
        if (authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return true;
        if (present(h.getFirst("x-api-key")) || present(h.getFirst("api-key"))) return true;
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) return false;
        for (String pair : query.split("&")) {
            if ((pair.startsWith("key=") || pair.startsWith("api_key=")) && pair.indexOf('=') < pair.length() - 1) return true;
        }
        return false;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private void about(HttpExchange exchange) throws IOException {
        byte[] text = (name + ": a built-in provider of the piapi demo (offline; it never calls the network)\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, text.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(text);
        }
    }

    /** Stops at once; replies in progress end at their next token. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
