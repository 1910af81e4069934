package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import piapi.support.Await;
import piapi.support.Exposition;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.DeadPort;
import piapi.support.TestConfig;

/** 10,000 requests to random unknown service names with random keys add no series: a label value never comes from a path or a key. */
class CardinalityTest {
    static final int REQUESTS = 10_000;
    static final int CLIENTS = 8;

    @Test
    void randomServiceNamesAndKeysAddNoSeries() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.json(200, "{}"); DeadPort dead = new DeadPort();
             GatewayHarness piapi = GatewayHarness.start(TestConfig.twoProviders(upstream.url(), dead.port()).section("metrics: {perUser: true}"))) {
            // every kind of refusal once, so the series they use exist before counting
            send(piapi, "/piapi/svc-warmup/x", "Bearer key-warmup");
            send(piapi, "/piapi/svc-warmup/x", "Bearer " + TestConfig.ALICE_KEY);
            send(piapi, "/piapi/svc-warmup/x", null);
            int seriesBefore = piapi.gateway.metrics().seriesCount();
            int linesBefore = Exposition.parse(scrape(piapi)).seriesCount();

            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    clients.add(pool.submit(() -> {
                        int unexpected = 0;
                        for (int i = 0; i < REQUESTS / CLIENTS; i++) {
                            ThreadLocalRandom r = ThreadLocalRandom.current();
                            String service = "svc-" + Long.toHexString(r.nextLong());
                            String auth = switch (i % 4) {
                                case 0 -> null;                                           // no key: 401
                                case 1 -> "Bearer " + TestConfig.ALICE_KEY;               // known user, unknown service: 404
                                default -> "Bearer key-" + Long.toHexString(r.nextLong()); // unknown key: 401
                            };
                            int status = send(piapi, "/piapi/" + service + "/v1/" + Long.toHexString(r.nextLong()), auth);
                            if (status != (i % 4 == 1 ? 404 : 401)) unexpected++;
                        }
                        return unexpected;
                    }));
                }
                for (Future<Integer> f : clients) assertEquals(0, f.get(), "every request was refused as expected");
            }

            // the last requests' records may still be on their way to the metrics when the client has its answer
            Await.until("every request counted", java.time.Duration.ofSeconds(10), () -> unknown4xx(piapi) == REQUESTS + 3);
            String after = scrape(piapi);
            assertEquals(seriesBefore, piapi.gateway.metrics().seriesCount(), "no series added");
            Exposition m = Exposition.parse(after);
            assertEquals(linesBefore, m.seriesCount(), "no sample lines added");
            assertFalse(after.contains("svc-"), "no service name from a path is a label value");
            assertFalse(after.contains("key-"), "no key is a label value");
            double unknown4xx = m.value("piapi_requests_total", "service_type", "unknown", "status_class", "4xx");
            assertEquals(REQUESTS + 3, unknown4xx, "all counted under service_type=unknown");
        }
    }

    static int send(GatewayHarness piapi, String path, String authorization) throws Exception {
        HttpRequest.Builder b = piapi.request(path).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return piapi.client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static double unknown4xx(GatewayHarness piapi) {
        try {
            return Exposition.parse(scrape(piapi)).value("piapi_requests_total", "service_type", "unknown", "status_class", "4xx");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String scrape(GatewayHarness piapi) throws Exception {
        return piapi.send(piapi.request("/metrics").GET().build()).body();
    }
}
