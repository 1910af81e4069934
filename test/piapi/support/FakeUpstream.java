package piapi.support;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real upstream for tests: a JDK HttpServer on loopback port 0 that records every request (method,
 * raw path and query, headers, body) and answers with a scripted handler.
 */
public final class FakeUpstream implements AutoCloseable {
    /** One request as the upstream received it. */
    public record Recorded(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Path plus "?query" when there is one, as it appeared on the request line. */
        public String target() {
            return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        }
    }

    /** Answers one request; it may block, stream, or throw to drop the connection. */
    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange, Recorded request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LinkedBlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private volatile Script script;

    private FakeUpstream(Script script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            Headers copy = new Headers();
            copy.putAll(exchange.getRequestHeaders());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Recorded r = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), copy, body);
            requests.add(r);
            try {
                this.script.answer(exchange, r);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            exchange.close();
        });
        server.start();
    }

    public static FakeUpstream start(Script script) throws IOException {
        return new FakeUpstream(script);
    }

    /** An upstream that answers every request with this status and JSON body. */
    public static FakeUpstream json(int status, String body) throws IOException {
        return start((ex, r) -> reply(ex, status, "application/json", body));
    }

    public void script(Script next) {
        this.script = next;
    }

    public static void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Answers with this status and content type (and {@code Content-Encoding} unless null), the body sent as
     * {@code pieces} with a flush after each, as a streaming upstream does, so the gateway reads it in many pieces too.
     */
    public static void replyInPieces(HttpExchange ex, int status, String contentType, String encoding, List<byte[]> pieces) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (encoding != null) ex.getResponseHeaders().set("Content-Encoding", encoding);
        ex.sendResponseHeaders(status, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (byte[] piece : pieces) {
                out.write(piece);
                out.flush();
            }
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next recorded request, failing the test after five seconds. */
    public Recorded take() throws InterruptedException {
        Recorded r = requests.poll(5, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("the upstream received no request within 5s");
        return r;
    }

    /** The next recorded request within {@code wait}, or null. */
    public Recorded poll(Duration wait) throws InterruptedException {
        return requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int pending() {
        return requests.size();
    }

    public List<Recorded> drain() {
        List<Recorded> out = new java.util.ArrayList<>();
        requests.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
