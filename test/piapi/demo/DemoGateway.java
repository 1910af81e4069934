package piapi.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import piapi.Gateway;
import piapi.GatewayOptions;
import piapi.observe.LogFormat;
import piapi.observe.LogLevel;
import piapi.support.LogCapture;

/**
 * The demo as {@code piapi --demo} runs it, with zero pacing: the demo session (providers, config,
 * admin token) and a real gateway on 127.0.0.1:0 started from it, its log captured.
 */
final class DemoGateway implements AutoCloseable {
    final Path dir;
    final DemoSession session;
    final Gateway gateway;
    final LogCapture log = new LogCapture();
    final HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(null)).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    DemoGateway() throws Exception {
        dir = Files.createTempDirectory("piapi-demo-test");
        session = DemoSession.start(dir.resolve("config.yaml"), dir.resolve("data"), Pacing.NONE);
        try {
            gateway = Gateway.start(new GatewayOptions(session.configFile(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    session.env(Map.of()), log, Clock.systemUTC(), LogLevel.INFO, LogFormat.JSON, session.dataDir()));
        } catch (Exception e) {
            session.close();
            throw e;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    String key(String user) {
        return session.config().user(user).key();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
    }

    /** POSTs JSON as {@code user} with the header their client would use: x-api-key for Anthropic, else Bearer. */
    HttpResponse<String> post(String user, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (path.contains("/claude_code/")) b.header("x-api-key", key(user)).header("anthropic-version", "2023-06-01");
        else b.header("Authorization", "Bearer " + key(user));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String path) throws IOException, InterruptedException {
        return client.send(request(path).header("Authorization", "Bearer " + session.adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        gateway.close();
        session.close();
        client.shutdownNow();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
