package piapi.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import piapi.Gateway;
import piapi.GatewayOptions;

/**
 * A real {@link Gateway} on 127.0.0.1:0 with its config in a temp dir, its log captured (written as each
 * line is logged, so an event a request logged is there once its response is), and an HttpClient pointed
 * at it. Close it to stop everything.
 */
public final class GatewayHarness implements AutoCloseable {
    public final Path dir;
    public final Path configFile;
    public final LogCapture log = new LogCapture();
    public final Gateway gateway;
    public final HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(null))
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHarness(String yaml, Map<String, String> env, Clock clock) throws Exception {
        dir = Files.createTempDirectory("piapi-test");
        configFile = dir.resolve("config.yaml");
        Files.writeString(configFile, yaml, StandardCharsets.UTF_8);
        gateway = Gateway.start(new GatewayOptions(configFile, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                env, log, clock).withSynchronousLog());
    }

    public static GatewayHarness start(String yaml) throws Exception {
        return new GatewayHarness(yaml, Map.of(), Clock.systemUTC());
    }

    public static GatewayHarness start(String yaml, Map<String, String> env) throws Exception {
        return new GatewayHarness(yaml, env, Clock.systemUTC());
    }

    public static GatewayHarness start(TestConfig config) throws Exception {
        return start(config.yaml());
    }

    public static GatewayHarness start(TestConfig config, Map<String, String> env) throws Exception {
        return start(config.yaml(), env);
    }

    public static GatewayHarness start(TestConfig config, Map<String, String> env, Clock clock) throws Exception {
        return start(config.yaml(), env, clock);
    }

    /** With a clock the test moves (cooldowns, failover window); timeouts still run on real time. */
    public static GatewayHarness start(String yaml, Map<String, String> env, Clock clock) throws Exception {
        return new GatewayHarness(yaml, env, clock);
    }

    /** piapi's id of the request that got this response ({@code X-Piapi-Request-Id}). */
    public static String requestId(HttpResponse<?> r) {
        return r.headers().firstValue("X-Piapi-Request-Id").orElseThrow();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    public int port() {
        return gateway.port();
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** POST a JSON body with a bearer key. */
    public HttpResponse<String> post(String path, String key, String json) throws IOException, InterruptedException {
        return send(request(path).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Override
    public void close() throws IOException {
        gateway.close();
        client.shutdownNow();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
