package piapi.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's upstream: a JDK HttpServer on loopback, on virtual threads like piapi. {@code /v1/fixed}
 * (and any path below it, such as the {@code /v1/fixed/chat/completions} piapi reads as Chat Completions)
 * answers a fixed chat-completion JSON; {@code /v1/sse?events=N&gapMs=G} (and below) streams N server-sent events G ms
 * apart, each carrying its send time ({@code System.nanoTime()} of this process) so a client in this same
 * process can measure each event's delay.
 */
final class BenchUpstream implements AutoCloseable {
    static final byte[] FIXED = """
            {"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?"},\
            "finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18}}"""
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    BenchUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/v1/fixed", BenchUpstream::fixed);
        server.createContext("/v1/sse", BenchUpstream::sse);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void fixed(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, FIXED.length);
            ex.getResponseBody().write(FIXED);
        }
    }

    private static void sse(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
            String query = ex.getRequestURI().getQuery();
            int events = param(query, "events", 100);
            long gapNanos = param(query, "gapMs", 10) * 1_000_000L;
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                // a realistic delta: the size of an OpenAI chat chunk
                String event = "data: {\"seq\":" + i + ",\"sent_ns\":" + System.nanoTime()
                        + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\"}}]}\n\n";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                next += gapNanos;
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static int param(String query, String name, int fallback) {
        if (query == null) return fallback;
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) return Integer.parseInt(pair.substring(name.length() + 1));
        }
        return fallback;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
