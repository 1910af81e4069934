package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import piapi.Gateway;
import piapi.http.JsonException;
import piapi.http.JsonReader;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;

/**
 * Issue 11's crash test through a whole piapi: a child JVM runs the real gateway ({@code piapi.Main}) under load
 * and is killed with SIGKILL while it writes its ledger. At most its last line is torn, and a gateway started
 * afterwards on the same data dir rebuilds the day's counters from those files, so the quota the child used up
 * still refuses.
 */
@Tag("integration")
class KilledGatewayTest {
    static final String KEY = "piapi-killed-key-0001";
    /** Each answer reports 100 + 50 tokens; the quota is used up by 20 of them. */
    static final String ANSWER = "{\"model\":\"gpt-5\",\"usage\":{\"input_tokens\":100,\"output_tokens\":50}}";
    static final int QUOTA = 3000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledGatewayLosesAtMostItsLastLineAndItsQuotaHoldsAfterARestart() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        Path data = dir.resolve("data");
        try (FakeUpstream upstream = FakeUpstream.json(200, ANSWER)) {
            String yaml = """
                    providers:
                      - name: up
                        apiKeys: { k: sk-up }
                        services: [{ type: codex, baseUrl: "%s/v1" }]
                    users:
                      - { name: alice, apiKey: %s, services: { codex: { providerName: up, providerKeyName: k } }, limits: { tokensPerDay: %d } }
                    """.formatted(upstream.url(), KEY, QUOTA);
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, yaml);
            Process child = start(config, data);
            try {
                int port = port(child);
                AtomicBoolean loading = new AtomicBoolean(true);
                try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor(); HttpClient client = HttpClient.newHttpClient()) {
                    for (int c = 0; c < 8; c++) load.submit(() -> hammer(client, port, loading));
                    // the quota is used up on disk (synced at least every second) and lines keep coming: kill it mid-write
                    Await.until("the child's ledger to hold the quota", Duration.ofSeconds(60), () -> tokensOnDisk(data) >= QUOTA + 150);
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no final sync
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    loading.set(false);
                }
            } finally {
                child.destroyForcibly();
            }
            long onDisk = tokensOnDisk(data); // fails if any line but a file's last is torn
            assertTrue(onDisk >= QUOTA, "what was synced survived: " + onDisk);
            try (GatewayHarness restarted = GatewayHarness.start(yaml.replace("providers:", "server: { dataDir: \"" + data + "\" }\nproviders:"))) {
                assumeTrue(day.equals(LocalDate.now(ZoneOffset.UTC)), "the test ran across midnight UTC: the day's quota has reset");
                HttpResponse<String> r = restarted.post("/piapi/codex/responses", KEY, "{\"model\":\"gpt-5\"}");
                assertEquals(429, r.statusCode(), "the restart did not reset the quota: " + r.body());
                assertTrue(r.body().contains("tokens_per_day"), r.body());
                Map<String, Object> me = JsonReader.parseObject(restarted.send(restarted.request("/me/usage").header("x-api-key", KEY).GET().build())
                        .body());
                assertEquals(onDisk, ((Map<?, ?>) me.get("today")).get("tokens"), "rebuilt from every line the child synced");
            }
        }
    }

    static Process start(Path config, Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jar = new File(Gateway.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", jar, "piapi.Main", "--config", config.toString(), "--listen",
                "127.0.0.1:0", "--data-dir", data.toString(), "--log-format", "json").redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PIAPI_INSTANCE", "child");
        pb.environment().remove("PIAPI_ADMIN_TOKEN");
        return pb.start();
    }

    /** The port from the child's {@code started} event. */
    static int port(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (!line.contains("\"event\":\"started\"")) continue;
            String listen = (String) JsonReader.parseObject(line).get("listen");
            Thread.ofVirtual().start(() -> drain(out)); // the access log must not fill the pipe and stall the child
            return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        }
        throw new AssertionError("the child ended before it started serving");
    }

    static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discarded
            }
        } catch (java.io.IOException e) {
            // the child was killed
        }
    }

    static void hammer(HttpClient client, int port, AtomicBoolean loading) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/piapi/codex/responses"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5\"}")).build();
        while (loading.get()) {
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                return; // killed
            }
        }
    }

    /** Tokens in every complete line of the data dir's ledger files; a torn line is allowed only at a file's end. */
    static long tokensOnDisk(Path data) {
        Path usage = data.resolve("usage");
        if (!Files.isDirectory(usage)) return 0;
        long tokens = 0;
        try (Stream<Path> files = Files.list(usage)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                List<String> lines = List.of(Files.readString(f).split("\n", -1));
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).isEmpty()) continue;
                    try {
                        Map<String, Object> e = JsonReader.parseObject(lines.get(i));
                        if (e.get("input_tokens") instanceof Long in && e.get("output_tokens") instanceof Long out) tokens += in + out;
                    } catch (JsonException torn) {
                        assertEquals(lines.size() - 1, i, "only a file's last line may be torn: " + lines.get(i));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return tokens;
    }
}
