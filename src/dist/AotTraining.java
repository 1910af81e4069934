import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind the release bundle's ahead-of-time cache (JDK 25+, {@code -XX:AOTCacheOutput}):
 * starts the bundle's own launcher, as a user would, against a fake upstream on loopback, sends it the
 * requests a gateway serves (JSON and streamed replies, errors, /healthz, /metrics, the admin API, a
 * reload), then stops it with SIGTERM. On that exit the JVM writes the cache: the classes piapi loaded and
 * linked, and the profiles of its hot methods, so the next start skips that work.
 * <p>
 * Run by {@code make dist} with the build JDK's source launcher (it is not part of the jar):
 * <pre>java src/dist/AotTraining.java DIST_DIR CACHE_FILE</pre>
 */
public final class AotTraining {
    private static final String USER_KEY = "training-user-key";
    private static final String ADMIN_TOKEN = "training-admin-token-0123456789";
    private static final byte[] JSON = """
            {"id":"chatcmpl-training","object":"chat.completion","created":1700000000,"model":"training-model",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args[0]).toAbsolutePath();
        Path cache = Path.of(args[1]).toAbsolutePath();
        Files.deleteIfExists(cache);
        Path work = Files.createTempDirectory("piapi-aot-training");
        HttpServer upstream = upstream();
        try {
            Path config = work.resolve("config.yaml");
            Files.writeString(config, config(upstream.getAddress().getPort()), StandardCharsets.UTF_8);
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/piapi").toString(), "--config", config.toString(),
                    "--listen", "127.0.0.1:" + port);
            String extra = System.getenv().getOrDefault("AOT_TRAINING_OPTS", ""); // for experiments: more JVM options
            pb.environment().put("PIAPI_JAVA_OPTS", "-XX:AOTCacheOutput=" + cache + (extra.isBlank() ? "" : " " + extra));
            pb.environment().put("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD); // the access log
            pb.redirectError(ProcessBuilder.Redirect.to(work.resolve("stderr.log").toFile()));
            Process piapi = pb.start();
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
                awaitHealthy(client, port, piapi);
                int requests = train(client, port);
                System.out.println("aot training: " + requests + " requests sent; stopping piapi so the JVM writes the cache");
            }
            piapi.destroy(); // SIGTERM: the drain and exit paths are part of the training too
            if (!piapi.waitFor(300, TimeUnit.SECONDS)) {
                piapi.destroyForcibly();
                throw new IOException("piapi did not exit within 300 s after SIGTERM");
            }
            if (piapi.exitValue() != 0 || !Files.exists(cache)) {
                throw new IOException("no AOT cache written (exit status " + piapi.exitValue() + "):\n"
                        + Files.readString(work.resolve("stderr.log")));
            }
            System.out.printf("aot cache: %s (%.1f MB)%n", cache, Files.size(cache) / 1e6);
            checkLauncher(dist, work);
        } finally {
            upstream.stop(0);
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The launcher must start piapi with the cache and without it, and never fail because of it: with its own
     * flags (the cache is used), with options that make the cache unusable or risky (it is left out or
     * skipped), and when the jar is newer than the cache (left out). Runs {@code bin/piapi --version}.
     */
    private static void checkLauncher(Path dist, Path work) throws Exception {
        String used = launch(dist, "-Xlog:aot");
        if (!used.contains("Using AOT-linked classes: true")) throw new IOException("the launcher does not use the AOT cache:\n" + used);
        for (String opts : List.of("-Xms16m", "-Xmn64m", "-XX:+UseCompactObjectHeaders", "-XX:-UseCompactObjectHeaders",
                "-XX:-UseSerialGC -XX:+UseG1GC", "-XX:-UseSerialGC -XX:+UseParallelGC", "-XX:-UseCompressedOops")) {
            String out = launch(dist, opts);
            if (out.contains("[aot")) throw new IOException("PIAPI_JAVA_OPTS=" + opts + ": the JVM talks about the AOT cache:\n" + out);
        }
        Path copy = work.resolve("stale");
        try (var files = Files.walk(dist)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(dist.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.setLastModifiedTime(copy.resolve("lib/piapi.jar"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        if (launch(copy, "-Xlog:aot").contains("Using AOT-linked classes")) throw new IOException("a cache older than the jar is still used");
        System.out.println("aot cache: the launcher uses it, and starts without it when it does not fit (8 cases checked)");
    }

    /** {@code bin/piapi --version} with these PIAPI_JAVA_OPTS; its output, or an exception when it fails. */
    private static String launch(Path dist, String opts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/piapi").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("PIAPI_JAVA_OPTS", opts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.contains("piapi ")) {
            throw new IOException("bin/piapi --version with PIAPI_JAVA_OPTS=" + opts + " failed (exit " + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    /** Mixed traffic from a few clients at once: what a gateway serves, success and failure alike. */
    private static int train(HttpClient client, int port) throws Exception {
        String base = "http://127.0.0.1:" + port;
        List<Future<Integer>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    int sent = 0;
                    for (int i = 0; i < 40; i++) {
                        sent += round(client, base, worker, i);
                    }
                    return sent;
                }));
            }
            int total = 0;
            for (Future<Integer> f : workers) total += f.get();
            return total;
        }
    }

    private static int round(HttpClient client, String base, int worker, int i) throws Exception {
        String chat = "{\"model\":\"training-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]";
        send(client, post(base + "/piapi/openai/v1/chat/completions", chat + ",\"stream\":false}", USER_KEY));
        send(client, post(base + "/piapi/openai/v1/chat/completions", chat + ",\"stream\":true}", USER_KEY));
        send(client, post(base + "/piapi/anthropic/v1/messages", chat + ",\"stream\":true}", USER_KEY));
        send(client, get(base + "/piapi/openai/v1/models", USER_KEY));
        send(client, get(base + "/healthz", null));
        int sent = 5;
        if (i % 5 == worker % 5) {
            send(client, post(base + "/piapi/openai/v1/chat/completions", chat + "}", null));             // 401
            send(client, post(base + "/piapi/nosuch/v1/chat/completions", chat + "}", USER_KEY));      // 404
            send(client, post(base + "/piapi/openai/v1/error", chat + "}", USER_KEY));                  // upstream 500
            send(client, get(base + "/metrics", null));
            for (String admin : List.of("/status", "/config", "/config/raw", "/routes", "/logs", "/stats")) {
                send(client, get(base + "/piadmin/api" + admin, ADMIN_TOKEN));
            }
            sent += 10;
        }
        if (i == 20 && worker == 0) {
            send(client, HttpRequest.newBuilder(URI.create(base + "/piadmin/api/reload")).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build());
            sent++;
        }
        return sent;
    }

    private static HttpRequest post(String url, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b.build();
    }

    private static HttpRequest get(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b.build();
    }

    private static void send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        client.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private static void awaitHealthy(HttpClient client, int port, Process piapi) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0) {
            if (!piapi.isAlive()) throw new IOException("piapi exited with status " + piapi.exitValue() + " during training");
            try {
                if (client.send(get("http://127.0.0.1:" + port + "/healthz", null), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IOException("piapi did not answer /healthz within 30 s");
    }

    /** The fake provider: JSON or a short event stream for chat, a model list, and a 500. */
    private static HttpServer upstream() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", AotTraining::answer);
        server.start();
        return server;
    }

    private static void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/error")) {
                reply(ex, 500, "application/json", "{\"error\":{\"message\":\"training failure\"}}".getBytes(StandardCharsets.UTF_8));
            } else if (body.contains("\"stream\":true")) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                for (int i = 0; i < 5; i++) {
                    out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token " + i + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/models")) {
                reply(ex, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"training-model\"}]}".getBytes(StandardCharsets.UTF_8));
            } else {
                reply(ex, 200, "application/json", JSON);
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static String config(int upstreamPort) {
        return """
                providers:
                  - name: trainer
                    apiKeys: { main: training-provider-key, spare: training-provider-key-2 }
                    services:
                      - { type: openai, baseUrl: "http://127.0.0.1:%1$d" }
                      - type: anthropic
                        baseUrl: "http://127.0.0.1:%1$d"
                        auth: { mode: header, name: x-api-key }
                users:
                  - name: trainee
                    apiKey: %2$s
                    services:
                      openai:
                        strategy: round_robin
                        candidates:
                          - { providerName: trainer, providerKeyName: main }
                          - { providerName: trainer, providerKeyName: spare }
                      anthropic: { providerName: trainer, providerKeyName: main }
                """.formatted(upstreamPort, USER_KEY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
