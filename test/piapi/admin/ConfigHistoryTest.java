package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_SECRETS;
import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.admin.AdminClient.json;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;
import piapi.config.ConfigFile;
import piapi.config.ReloadTrigger;
import piapi.config.Secret;
import piapi.support.GatewayHarness;

/** The config history: what is kept, by whom, what changed, the masked text, and a restore. */
class ConfigHistoryTest extends AdminGatewayTestBase {
    AdminClient admin;

    @BeforeEach
    void client() {
        admin = new AdminClient(piapi);
        // these tests reload by hand with a given trigger; the watcher must not reload the file first
        piapi.gateway.reloader().close();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> versions() throws Exception {
        HttpResponse<String> r = admin.call("GET", "/config/history", null);
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) json(r).get("versions");
    }

    Path historyDir() {
        return piapi.gateway.dataDir().path().resolve("config-history");
    }

    @Test
    void keepsTheStartVersionAndEveryEditWithWhoAndWhatChanged() throws Exception {
        List<Map<String, Object>> start = versions();
        assertEquals(1, start.size());
        assertEquals("piapi", start.get(0).get("who"));
        assertEquals("start", start.get(0).get("trigger"));
        assertEquals(piapi.gateway.config().current().sha256(), start.get(0).get("sha256"));
        assertEquals(List.of("first version kept"), start.get(0).get("changes"));
        assertEquals(true, start.get(0).get("current"));

        assertEquals(200, admin.write("POST", "/users", "{\"name\":\"carol\",\"services\":{\"codex\":{\"provider_name\":\"beta\","
                + "\"provider_key_name\":\"prod\"}}}").statusCode());
        assertEquals(200, admin.write("PUT", "/providers/alpha/keys/main", "{\"value\":\"sk-rotated-value-0000000\"}").statusCode());
        List<Map<String, Object>> v = versions();
        assertEquals(3, v.size());
        Map<String, Object> rotated = v.get(0);
        assertEquals("admin " + Secret.of(ADMIN_TOKEN).fingerprint(), rotated.get("who"));
        assertEquals("admin_write", rotated.get("trigger"));
        assertEquals("set key alpha/main", rotated.get("note"));
        assertEquals(List.of("providers[alpha].apiKeys.main changed"), rotated.get("changes"));
        assertEquals(true, rotated.get("current"));
        assertEquals(false, v.get(1).get("current"));
        assertEquals("create user carol", v.get(1).get("note"));
        assertEquals(List.of("users[carol] added"), v.get(1).get("changes"));
        for (Map<String, Object> m : v) for (String s : ADMIN_SECRETS) assertFalse(m.toString().contains(s));
    }

    @Test
    void aVersionsTextHasItsKeysMaskedAndItsReferencesKept() throws Exception {
        Files.writeString(piapi.configFile, Files.readString(piapi.configFile).replace("main: " + TestConfig.ADMIN_PROVIDER_KEY,
                "main: \"${PIAPI_ADMIN_TOKEN}\"").replace("prod: " + TestConfig.ADMIN_BETA_KEY, "prod: '" + TestConfig.ADMIN_BETA_KEY + "'"));
        assertEquals("success", piapi.gateway.reloader().reloadNow(ReloadTrigger.WATCH).result());
        Map<String, Object> latest = versions().get(0);
        assertEquals("file watcher", latest.get("who"));
        HttpResponse<String> r = admin.call("GET", "/config/history/" + latest.get("id"), null);
        assertEquals(200, r.statusCode(), r.body());
        String text = (String) json(r).get("text");
        for (String s : ADMIN_SECRETS) assertFalse(text.contains(s), s + " in\n" + text);
        assertTrue(text.contains("main: \"${PIAPI_ADMIN_TOKEN}\""), text);
        assertTrue(text.contains("backup: \"…2222\""), text);
        assertTrue(text.contains("apiKeys: {prod: \"…3333\"}"), text);
        assertTrue(text.contains("apiKey: \"…4444\""), text);
        assertTrue(text.startsWith("# piapi test config"), "comments are kept");
        AdminChecks.error(admin.call("GET", "/config/history/999", null), 404, "not_found");
        AdminChecks.error(admin.call("GET", "/config/history/x1", null), 404, "not_found");
    }

    @Test
    void restoringAnEarlierVersionPutsItBack() throws Exception {
        long first = ((Number) versions().get(0).get("id")).longValue();
        assertEquals(200, admin.write("DELETE", "/users/bob", null).statusCode());
        assertEquals(1, piapi.gateway.config().current().config().users().size());

        HttpResponse<String> stale = admin.call("POST", "/config/history/" + first + "/restore", null, "If-Match", "\"abc\"");
        AdminChecks.error(stale, 409, "stale_config");
        AdminChecks.error(admin.call("POST", "/config/history/" + first + "/restore", null), 428, "if_match_required");
        HttpResponse<String> r = admin.call("POST", "/config/history/" + first + "/restore", null, "If-Match", admin.etag());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("applied", json(r).get("result"));
        assertEquals(original, Files.readString(piapi.configFile), "the version is written back byte for byte, comments included");
        assertEquals(2, piapi.gateway.config().current().config().users().size());
        Map<String, Object> latest = versions().get(0);
        assertEquals("restore version " + first, latest.get("note"));
        assertEquals(List.of("users[bob] added"), latest.get("changes"));
    }

    @Test
    void aBrokenFileIsKeptAsNotLoaded() throws Exception {
        Files.writeString(piapi.configFile, "providers: [\n");
        assertEquals("failure", piapi.gateway.reloader().reloadNow(ReloadTrigger.SIGNAL).result());
        Map<String, Object> broken = versions().get(0);
        assertEquals(false, broken.get("loaded"));
        assertEquals("SIGHUP", broken.get("who"));
        assertEquals(List.of("the new file does not parse"), broken.get("changes"));
        Map<String, Object> shown = json(admin.call("GET", "/config/history/" + broken.get("id"), null));
        assertNull(shown.get("text"));
        assertNotNull(shown.get("problem"));
        // restoring it is refused by validation; the live config stays
        HttpResponse<String> r = admin.call("POST", "/config/history/" + broken.get("id") + "/restore", null, "If-Match", "*");
        AdminChecks.error(r, 400, "invalid_config");
    }

    @Test
    void versionsAreFilesThatSurviveARestartAndOnlyTheLast50AreKept() throws Exception {
        String text = Files.readString(piapi.configFile);
        for (int i = 0; i < 55; i++) {
            Files.writeString(piapi.configFile, text + "# edit " + i + "\n");
            assertEquals("success", piapi.gateway.reloader().reloadNow(ReloadTrigger.WATCH).result());
        }
        List<Map<String, Object>> v = versions();
        assertEquals(50, v.size());
        assertEquals(List.of("layout or comments only"), v.get(0).get("changes"));
        try (Stream<Path> files = Files.list(historyDir())) {
            List<Path> all = files.toList();
            assertEquals(100, all.size(), all.toString());
            for (Path p : all) assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        Path yaml = historyDir().resolve(ConfigHistory.fileName(((Number) v.get(0).get("id")).longValue(), "yaml"));
        assertEquals(piapi.gateway.config().current().sha256(), ConfigFile.sha256(Files.readAllBytes(yaml)));
        piapi.gateway.close();
        try (GatewayHarness again = restart()) {
            AdminClient second = new AdminClient(again);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> after = (List<Map<String, Object>>) json(second.call("GET", "/config/history", null)).get("versions");
            assertEquals(50, after.size());
            assertEquals(v.get(0).get("id"), after.get(1).get("id"), "the versions of the first run are read back");
            assertEquals(List.of("server added"), after.get(0).get("changes"));
        }
    }

    @Test
    void withoutAWritableDataDirVersionsAreKeptInMemory() throws Exception {
        Path blocked = piapi.dir.resolve("blocked");
        Files.writeString(blocked, "a file where the data dir should be");
        try (GatewayHarness memory = GatewayHarness.start(TestConfig.adminConfig(upstream.url(), "alice").yaml() + "server: { dataDir: " + blocked + "/data }\n",
                Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN))) {
            AdminClient a = new AdminClient(memory);
            assertEquals(200, a.write("DELETE", "/users/bob", null).statusCode());
            Map<String, Object> h = json(a.call("GET", "/config/history", null));
            assertEquals(false, h.get("durable"));
            assertEquals(2, ((List<?>) h.get("versions")).size());
        }
    }

    /** A second gateway on the same config file and data dir. */
    private GatewayHarness restart() throws Exception {
        Path config = piapi.configFile;
        return GatewayHarness.start(Files.readString(config) + "server: { dataDir: " + piapi.gateway.dataDir().path() + " }\n",
                Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN));
    }
}
