package piapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.config.ReloadReport;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;

/**
 * Reloads while requests flow. Config version N routes to upstream path {@code /gN/...} with provider key
 * {@code sk-gen-N-...}; the fake upstream checks that the two always belong to the same version, which
 * they only do if every request was served by one complete snapshot.
 */
class ReloadUnderLoadTest {
    static final String USER_KEY = "piapi-load-user-key-0001";
    static final Duration DEADLINE = Duration.ofSeconds(10);

    final Set<Integer> served = ConcurrentHashMap.newKeySet();
    final List<String> mixed = new CopyOnWriteArrayList<>();
    final CountDownLatch slowRelease = new CountDownLatch(1);
    FakeUpstream upstream;
    GatewayHarness piapi;

    static String config(String upstream, int version) {
        return TestConfig.config().provider("p").key("main", "sk-gen-" + version + "-secret-padding")
                .service("codex", upstream + "/g" + version).user("user-v" + version, USER_KEY).route("codex", "p", "main").yaml();
    }

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start((ex, r) -> {
            String path = r.rawPath();                          // /g<N>/chat
            String auth = r.header("Authorization");            // Bearer sk-gen-<N>-secret-padding
            int pathVersion = Integer.parseInt(path.substring(2, path.indexOf('/', 1)));
            int keyVersion = Integer.parseInt(auth.substring("Bearer sk-gen-".length(), auth.indexOf("-secret")));
            if (pathVersion != keyVersion) {
                mixed.add(path + " with the key of version " + keyVersion);
                FakeUpstream.reply(ex, 500, "application/json", "{\"mixed\":true}");
                return;
            }
            if (path.endsWith("/slow")) slowRelease.await();
            served.add(pathVersion);
            FakeUpstream.reply(ex, 200, "application/json", "{\"version\":" + pathVersion + "}");
        });
        piapi = GatewayHarness.start(config(upstream.url(), 0));
    }

    @AfterEach
    void stop() throws Exception {
        slowRelease.countDown();
        piapi.close();
        upstream.close();
    }

    /** Replaces the file the way careful tools do (write aside, rename over), so readers never see half of it. */
    void publish(int version) throws Exception {
        Path temp = piapi.dir.resolve(".config.yaml.tmp");
        Files.writeString(temp, config(upstream.url(), version));
        Files.move(temp, piapi.configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void fiftyReloadsUnderEightBusyClientsLoseNothingAndNeverMixVersions() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = piapi.post("/piapi/codex/chat", USER_KEY, "{\"model\":\"m\"}");
                        if (r.statusCode() == 200) ok.incrementAndGet(); else failures.add(r.statusCode() + " " + r.body());
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, runnable -> Thread.ofPlatform().name("load-client").start(runnable)));
        }
        try {
            for (int version = 1; version <= 50; version++) {
                publish(version);
                if (version % 2 == 0) { // half by direct call, half left to the directory watcher
                    ReloadReport outcome = piapi.gateway.reloader().reloadNow();
                    assertTrue(outcome instanceof ReloadReport.Applied || outcome instanceof ReloadReport.Unchanged, outcome.toString());
                }
                int v = version;
                Await.until("a request served by version " + v, DEADLINE, () -> served.contains(v) || !failures.isEmpty());
            }
        } finally {
            running.set(false);
            CompletableFuture.allOf(clients.toArray(new CompletableFuture<?>[0])).join();
        }
        assertEquals(List.of(), failures, "zero failed requests");
        assertEquals(List.of(), mixed, "every request saw one complete snapshot");
        for (int v = 1; v <= 50; v++) assertTrue(served.contains(v), "version " + v + " served requests");
        assertTrue(ok.get() >= 50, "requests: " + ok.get());
        assertEquals("user-v50", piapi.gateway.config().current().config().users().get(0).name());
    }

    @Test
    void aRequestInFlightFinishesOnTheSnapshotItStartedWith() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return piapi.post("/piapi/codex/slow", USER_KEY, "{}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("/g0/slow", upstream.take().rawPath(), "the slow request reached the upstream under version 0");
        publish(1);
        assertTrue(piapi.gateway.reloader().reloadNow() instanceof ReloadReport.Applied
                || piapi.gateway.config().current().generation() == 2);
        HttpResponse<String> fresh = piapi.post("/piapi/codex/chat", USER_KEY, "{}");
        assertEquals("{\"version\":1}", fresh.body(), "new requests use the new config at once");
        slowRelease.countDown();
        HttpResponse<String> finished = slow.get();
        assertEquals(200, finished.statusCode());
        assertEquals("{\"version\":0}", finished.body(), "the in-flight request finished on version 0");
        assertEquals(List.of(), mixed);
    }
}
