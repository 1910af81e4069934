package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.support.TestConfig.adminConfig;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import piapi.config.ConfigFile;
import piapi.config.ConfigSnapshot;
import piapi.http.JsonReader;

/** A PUT whose reload fails puts the previous file back; concurrent PUTs are serialised and leave a whole file. */
class ConfigRollbackTest extends AdminGatewayTestBase {
    HttpResponse<String> put(String body) throws Exception {
        return piapi.send(piapi.request("/piadmin/api/config/raw").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aPutWhoseReloadFailsRestoresThePreviousFileAndConfig() throws Exception {
        // The failing step: runtime state that refuses a config while it is applied (a ConfigHolder listener),
        // after validation passed and the file was written.
        piapi.gateway.config().addListener(s -> {
            if (s.config().users().get(0).name().equals("refused")) throw new IllegalStateException("cannot follow this config");
        });
        ConfigSnapshot before = piapi.gateway.config().current();
        String refused = adminConfig(upstream.url(), "refused").yaml();

        HttpResponse<String> r = put(refused);
        Map<String, Object> error = AdminChecks.error(r, 500, "reload_failed");
        assertTrue(((String) error.get("message")).contains("previous file was restored"), r.body());
        Map<String, Object> body = JsonReader.parseObject(r.body());
        assertEquals(true, body.get("restored"));
        assertEquals(before.sha256(), body.get("active_sha256"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> problems = (List<Map<String, Object>>) body.get("problems");
        assertTrue(((String) problems.get(0).get("message")).contains("cannot follow this config"), r.body());

        assertEquals(original, Files.readString(piapi.configFile), "the previous file is back");
        assertEquals(before, piapi.gateway.config().current(), "the previous config never stopped serving");
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        Map<String, Object> audit = piapi.log.await("audit", l -> "admin_audit".equals(l.get("event")));
        assertEquals("rolled_back", audit.get("result"));
        assertEquals("warn", audit.get("level"));
        assertEquals(before.sha256(), audit.get("sha256_before"));
        assertEquals(ConfigFile.sha256(refused.getBytes(StandardCharsets.UTF_8)), audit.get("sha256_after"));
        piapi.log.await("the failed reload, at warning level", l -> "config_reload_failed".equals(l.get("event"))
                && "warn".equals(l.get("level")) && "admin_write".equals(l.get("trigger")));

        String fine = adminConfig(upstream.url(), "fine").yaml();
        assertEquals(200, put(fine).statusCode(), "the next good write goes through");
        assertEquals(fine, Files.readString(piapi.configFile));
    }

    @Test
    void concurrentPutsAreSerialisedAndLeaveOneWholeFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                // Different sizes, so an interleaved or torn write could not pass for either.
                String a = adminConfig(upstream.url(), "writer-a-" + round).yaml() + "# " + "a".repeat(5000) + "\n";
                String b = adminConfig(upstream.url(), "writer-b-" + round).yaml() + "# " + "b".repeat(9000) + "\n";
                CountDownLatch go = new CountDownLatch(1);
                Future<HttpResponse<String>> fa = pool.submit(() -> {
                    go.await();
                    return put(a);
                });
                Future<HttpResponse<String>> fb = pool.submit(() -> {
                    go.await();
                    return put(b);
                });
                go.countDown();
                HttpResponse<String> ra = fa.get();
                HttpResponse<String> rb = fb.get();
                assertEquals(200, ra.statusCode(), ra.body());
                assertEquals(200, rb.statusCode(), rb.body());
                String onDisk = Files.readString(piapi.configFile);
                assertTrue(onDisk.equals(a) || onDisk.equals(b), "round " + round + ": a whole file, one of the two");
                String live = piapi.gateway.config().current().sha256();
                assertEquals(ConfigFile.sha256(onDisk.getBytes(StandardCharsets.UTF_8)), live, "the file on disk is the live config");
                long ga = (Long) JsonReader.parseObject(ra.body()).get("generation");
                long gb = (Long) JsonReader.parseObject(rb.body()).get("generation");
                assertEquals(1, Math.abs(ga - gb), "one after the other, each applied once");
            }
            try (var files = Files.list(piapi.dir)) {
                assertEquals(List.of("config.yaml"), files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("piapi-data")).toList(),
                        "no temp file left (the data dir beside the config is expected)");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
