package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.support.TestConfig.adminConfig;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;

/** POST /reload and GET /status, and the reload metrics, on a real gateway whose watcher is stopped (so only the test reloads). */
class StatusEndpointsTest {
    FakeUpstream upstream;
    GatewayHarness piapi;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.json(200, "{}");
        piapi = GatewayHarness.start(adminConfig(upstream.url(), "alice").yaml(), Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN));
        piapi.gateway.reloader().close();
    }

    @AfterEach
    void stop() throws Exception {
        piapi.close();
        upstream.close();
    }

    HttpResponse<String> admin(String method, String path) throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piadmin/api" + path).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
        AdminChecks.commonHeaders(r);
        return r;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    String metrics() throws Exception {
        return piapi.send(piapi.request("/metrics").GET().build()).body();
    }

    @Test
    void statusDescribesTheLiveConfigAndTheWatcher() throws Exception {
        HttpResponse<String> r = admin("GET", "/status");
        assertEquals(200, r.statusCode());
        Map<String, Object> s = JsonReader.parseObject(r.body());
        assertEquals(piapi.gateway.build().version(), s.get("version"));
        assertTrue(s.get("uptime_seconds") instanceof Long);
        assertTrue(s.containsKey("started_at") && s.containsKey("commit"));
        Map<String, Object> config = object(s, "config");
        assertEquals(piapi.configFile.toAbsolutePath().toString(), config.get("path"));
        assertEquals(1L, config.get("generation"));
        assertEquals(piapi.gateway.config().current().sha256(), config.get("sha256"));
        assertEquals(piapi.gateway.config().current().loadedAt().toString(), config.get("loaded_at"));
        assertNull(s.get("last_reload"), "nothing reloaded yet");
        assertEquals(Map.of("success", 0L, "failure", 0L), s.get("reloads"));
        Map<String, Object> watcher = object(s, "watcher");
        assertEquals(false, watcher.get("watching"), "stopped by this test");
        assertEquals(piapi.dir.toAbsolutePath().toString(), watcher.get("directory"));
    }

    /** Writes a valid config naming the first user {@code alicia} and reloads it through the API. */
    Map<String, Object> reloadAChangedFile() throws Exception {
        Files.writeString(piapi.configFile, adminConfig(upstream.url(), "alicia").yaml());
        HttpResponse<String> applied = admin("POST", "/reload");
        assertEquals(200, applied.statusCode(), applied.body());
        return JsonReader.parseObject(applied.body());
    }

    /** Writes a config with an unknown strategy and reloads it through the API; returns the 422's problems. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reloadAnInvalidFile() throws Exception {
        Files.writeString(piapi.configFile, adminConfig(upstream.url(), "x").yaml().replace("strategy: weighted_rr", "strategy: fastest"));
        HttpResponse<String> failed = admin("POST", "/reload");
        AdminChecks.error(failed, 422, "reload_failed");
        return (List<Map<String, Object>>) JsonReader.parseObject(failed.body()).get("problems");
    }

    @Test
    void reloadOfAnUnchangedFileSaysSoAndKeepsTheGeneration() throws Exception {
        HttpResponse<String> same = admin("POST", "/reload");
        assertEquals(200, same.statusCode());
        assertEquals("unchanged", JsonReader.parseObject(same.body()).get("result"));
        assertEquals(1L, JsonReader.parseObject(same.body()).get("generation"));
        assertEquals(1, piapi.gateway.config().current().generation());
    }

    @Test
    void reloadOfAChangedFileAppliesIt() throws Exception {
        Map<String, Object> a = reloadAChangedFile();
        assertEquals("success", a.get("result"));
        assertEquals(2L, a.get("generation"));
        assertEquals("alicia", piapi.gateway.config().current().config().users().get(0).name());
    }

    @Test
    void reloadOfAnInvalidFileIsRefusedWithEveryProblemAndThePreviousConfigServes() throws Exception {
        List<Map<String, Object>> problems = reloadAnInvalidFile();
        assertEquals(piapi.configFile + ":26:19: users[1].services.codex.strategy: unsupported strategy 'fastest' "
                + "(use round_robin, weighted_rr, adaptive_rr or sticky_healthy)", problems.get(0).get("text"));
        assertEquals(1, piapi.gateway.config().current().generation(), "the previous config keeps serving");
        assertEquals("alice", piapi.gateway.config().current().config().users().get(0).name());
        Map<String, Object> event = piapi.log.await("failure event", l -> "config_reload_failed".equals(l.get("event")));
        assertEquals("warn", event.get("level"));
        assertEquals("admin", event.get("trigger"));
        assertEquals(List.of(problems.get(0).get("text")), event.get("problems"));
    }

    @Test
    void statusShowsTheLastReloadAndCountsEachResult() throws Exception {
        reloadAChangedFile();
        List<Map<String, Object>> problems = reloadAnInvalidFile();
        Map<String, Object> s = JsonReader.parseObject(admin("GET", "/status").body());
        Map<String, Object> last = object(s, "last_reload");
        assertEquals("failure", last.get("result"));
        assertEquals("admin", last.get("trigger"));
        assertEquals(problems, last.get("problems"));
        assertEquals(Map.of("success", 1L, "failure", 1L), s.get("reloads"));
        assertEquals(2L, object(s, "config").get("generation"));
    }

    @Test
    void metricsCountReloadsAndDescribeTheLiveConfig() throws Exception {
        reloadAChangedFile();
        reloadAnInvalidFile();
        String m = metrics();
        assertTrue(m.contains("piapi_config_reloads_total{result=\"success\"} 1\n"), m);
        assertTrue(m.contains("piapi_config_reloads_total{result=\"failure\"} 1\n"), m);
        assertTrue(m.contains("piapi_config_generation 2\n"), m);
        assertTrue(m.contains("piapi_config_last_reload_successful 0\n"), m);
        assertTrue(m.contains("piapi_config_info{sha256=\"" + piapi.gateway.config().current().sha256() + "\"} 1\n"), m);
        assertEquals(1, m.lines().filter(l -> l.startsWith("piapi_config_info{")).count(), "one info series: the live config");
        double loaded = piapi.gateway.config().current().loadedAt().toEpochMilli() / 1000.0;
        String line = m.lines().filter(l -> l.startsWith("piapi_config_loaded_timestamp_seconds ")).findFirst().orElseThrow();
        assertEquals(loaded, Double.parseDouble(line.substring(line.indexOf(' ') + 1)), 0.001);
    }

    @Test
    void aRefusedReloadIsAudited() throws Exception {
        reloadAnInvalidFile();
        Map<String, Object> audit = piapi.log.await("audit", l -> "admin_audit".equals(l.get("event")) && "failure".equals(l.get("result")));
        assertEquals("reload", audit.get("action"));
    }

    @Test
    void metricsStartAtZeroAndDescribeTheFirstConfig() throws Exception {
        String m = metrics();
        assertTrue(m.contains("# HELP piapi_config_reloads_total Count of configuration reload outcomes partitioned by result (success/failure).\n"), m);
        assertTrue(m.contains("piapi_config_reloads_total{result=\"success\"} 0\n"), m);
        assertTrue(m.contains("piapi_config_reloads_total{result=\"failure\"} 0\n"), m);
        assertTrue(m.contains("piapi_config_generation 1\n"), m);
        assertTrue(m.contains("piapi_config_last_reload_successful 1\n"), m);
        assertTrue(m.contains("piapi_config_watcher_restarts_total 0\n"), m);
    }
}
