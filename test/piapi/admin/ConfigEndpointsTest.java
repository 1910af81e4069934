package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.support.TestConfig.adminConfig;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.config.ConfigFile;
import piapi.config.Secret;

/** GET/PUT /config/raw, GET /config, POST /config/validate on a real gateway: success and error paths. */
class ConfigEndpointsTest extends AdminGatewayTestBase {
    HttpResponse<String> admin(String method, String path, String body, String... headers) throws Exception {
        return new AdminClient(piapi).call(method, path, body, headers);
    }

    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return AdminClient.json(r);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> problems(HttpResponse<String> r) throws Exception {
        return (List<Map<String, Object>>) json(r).get("problems");
    }

    String file() throws Exception {
        return Files.readString(piapi.configFile);
    }

    @Test
    void getConfigIsTheGoViewWithEverySecretMasked() throws Exception {
        HttpResponse<String> r = admin("GET", "/config", null);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        String sha = piapi.gateway.config().current().sha256();
        assertEquals("\"" + sha + "\"", r.headers().firstValue("ETag").orElse(null));
        String u = upstream.url();
        assertEquals("{\"providers\":["
                + "{\"name\":\"alpha\",\"api_keys\":{\"backup\":\"…2222\",\"main\":\"…1111\"},\"services\":["
                + "{\"type\":\"codex\",\"base_url\":\"" + u + "/v1\",\"auth\":{\"mode\":\"header\",\"name\":\"Authorization\",\"prefix\":\"Bearer \"}},"
                + "{\"type\":\"claude_code\",\"base_url\":\"" + u + "/anthropic\",\"auth\":{\"mode\":\"header\",\"name\":\"x-api-key\"}}]},"
                + "{\"name\":\"beta\",\"api_keys\":{\"prod\":\"…3333\"},\"services\":["
                + "{\"type\":\"codex\",\"base_url\":\"" + u + "/beta\",\"auth\":{\"mode\":\"query\",\"name\":\"api_key\"}}]}],"
                + "\"users\":["
                + "{\"name\":\"alice\",\"api_key\":\"…4444\",\"services\":{\"codex\":{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}}},"
                + "{\"name\":\"bob\",\"api_key\":\"…5555\",\"services\":{\"codex\":{\"provider_name\":\"\",\"provider_key_name\":\"\","
                + "\"strategy\":\"weighted_rr\",\"candidates\":["
                + "{\"provider_name\":\"alpha\",\"provider_key_name\":\"backup\",\"weight\":3,\"enabled\":true,\"tags\":[\"primary\"]},"
                + "{\"provider_name\":\"beta\",\"provider_key_name\":\"prod\",\"weight\":1,\"enabled\":false}]}}}],"
                + "\"timeouts\":{\"connect\":\"10s\",\"first_byte\":\"30s\",\"idle\":\"600s\",\"heartbeat\":\"5s\"},"
                + "\"limits\":{\"max_request_body_bytes\":33554432,\"request_body_memory\":\"25%\"}}", r.body());
    }

    @Test
    void getRawIsTheFileAsItIsOnDisk() throws Exception {
        HttpResponse<String> r = admin("GET", "/config/raw", null);
        assertEquals(200, r.statusCode());
        assertEquals("application/x-yaml", r.headers().firstValue("Content-Type").orElse(null));
        assertEquals(original, r.body(), "byte for byte, comments included");
        assertEquals("\"" + ConfigFile.sha256(original.getBytes(StandardCharsets.UTF_8)) + "\"", r.headers().firstValue("ETag").orElse(null));

        piapi.gateway.reloader().close(); // keep the watcher out: the file now differs from the live config
        Files.writeString(piapi.configFile, "providers: [");
        assertEquals("providers: [", admin("GET", "/config/raw", null).body(), "the disk, even while it holds an edit that failed");
        Files.delete(piapi.configFile);
        AdminChecks.error(admin("GET", "/config/raw", null), 404, "config_file_missing");
    }

    @Test
    void putValidatesWritesAndReloads() throws Exception {
        String next = adminConfig(upstream.url(), "alicia").yaml();
        HttpResponse<String> r = admin("PUT", "/config/raw", next, "Content-Type", "application/x-yaml");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> body = json(r);
        String before = ConfigFile.sha256(original.getBytes(StandardCharsets.UTF_8));
        String after = ConfigFile.sha256(next.getBytes(StandardCharsets.UTF_8));
        assertEquals("applied", body.get("result"));
        assertEquals(2L, body.get("generation"));
        assertEquals(after, body.get("sha256"));
        assertEquals(before, body.get("sha256_before"));
        assertEquals("atomic_rename", body.get("write_mode"));
        assertEquals("\"" + after + "\"", r.headers().firstValue("ETag").orElse(null));
        assertEquals(next, file(), "written as sent, final newline and comments included");
        assertEquals("alicia", piapi.gateway.config().current().config().users().get(0).name(), "live before the answer");
        assertEquals(200, piapi.post("/piapi/codex/chat", ADMIN_ALICE_KEY, "{}").statusCode());

        Map<String, Object> audit = piapi.log.await("audit line", l -> "admin_audit".equals(l.get("event")));
        assertEquals("config_replace", audit.get("action"));
        assertEquals("success", audit.get("result"));
        assertEquals("127.0.0.1", audit.get("client"));
        assertEquals(Secret.of(ADMIN_TOKEN).fingerprint(), audit.get("token_fingerprint"));
        assertEquals(before, audit.get("sha256_before"));
        assertEquals(after, audit.get("sha256_after"));
        assertEquals(r.headers().firstValue("X-Piapi-Request-Id").orElseThrow(), audit.get("request_id"));
        assertTrue(audit.containsKey("time"));
        Map<String, Object> reloaded = piapi.log.await("reload event", l -> "config_reloaded".equals(l.get("event")));
        assertEquals("admin_write", reloaded.get("trigger"));

        HttpResponse<String> again = admin("PUT", "/config/raw", next);
        assertEquals(200, again.statusCode());
        assertEquals("unchanged", json(again).get("result"), "the same bytes: nothing written, no new generation");
        assertEquals(2L, json(again).get("generation"));
    }

    @Test
    void putRefusesAnInvalidConfigWithEveryProblemAndWritesNothing() throws Exception {
        String bad = adminConfig(upstream.url(), "alice").yaml().replace("providerKeyName: main", "providerKeyName: nope")
                .replace("weight: 3", "weight: zero");
        HttpResponse<String> r = admin("PUT", "/config/raw", bad);
        Map<String, Object> error = AdminChecks.error(r, 400, "invalid_config");
        assertTrue(((String) error.get("message")).startsWith("2 problem(s)"), r.body());
        List<Map<String, Object>> problems = problems(r);
        assertEquals(2, problems.size(), r.body());
        String name = piapi.configFile.toString();
        assertEquals(name + ":21:53: users[0].services.codex.providerKeyName: provider key 'nope' missing for provider 'alpha'",
                problems.get(0).get("text"));
        assertEquals(21L, problems.get(0).get("line"));
        assertEquals(53L, problems.get(0).get("column"));
        assertEquals("error", problems.get(0).get("severity"));
        assertEquals("users[0].services.codex.providerKeyName", problems.get(0).get("path"));
        assertEquals(name + ":28:68: users[1].services.codex.candidates[0].weight: weight must be a whole number >= 1 "
                + "(use enabled: false to take a candidate out)", problems.get(1).get("text"));
        assertEquals(original, file());
        assertEquals(1, piapi.gateway.config().current().generation());

        AdminChecks.error(admin("PUT", "/config/raw", "  \n"), 400, "invalid_config");
        AdminChecks.error(admin("PUT", "/config/raw", "providers: ["), 400, "invalid_config");
        assertEquals(original, file());
    }

    @Test
    void putOverOneMebibyteIs413() throws Exception {
        String huge = "# " + "x".repeat(1 << 20) + "\n" + original;
        HttpResponse<String> r = admin("PUT", "/config/raw", huge);
        AdminChecks.error(r, 413, "request_too_large");
        assertEquals(original, file());
    }

    @Test
    void ifMatchRefusesAWriteBasedOnAStaleRead() throws Exception {
        String etag = admin("GET", "/config/raw", null).headers().firstValue("ETag").orElseThrow();
        String mine = adminConfig(upstream.url(), "mine").yaml();
        String theirs = adminConfig(upstream.url(), "theirs").yaml();
        assertEquals(200, admin("PUT", "/config/raw", theirs, "If-Match", etag).statusCode(), "their read was fresh");
        HttpResponse<String> stale = admin("PUT", "/config/raw", mine, "If-Match", etag);
        AdminChecks.error(stale, 409, "stale_config");
        assertEquals(ConfigFile.sha256(theirs.getBytes(StandardCharsets.UTF_8)), json(stale).get("current_sha256"));
        assertEquals(theirs, file(), "their write is not lost");
        String fresh = ConfigFile.sha256(theirs.getBytes(StandardCharsets.UTF_8)); // bare form accepted too
        assertEquals(200, admin("PUT", "/config/raw", mine, "If-Match", fresh).statusCode());
        assertEquals(mine, file());
        assertEquals(200, admin("PUT", "/config/raw", original, "If-Match", "*").statusCode(), "* matches any existing file");
        Map<String, Object> audit = piapi.log.await("stale audit", l -> "stale".equals(l.get("result")));
        assertEquals(etag, audit.get("if_match"));
    }

    @Test
    void validateChecksWithoutWriting() throws Exception {
        String next = adminConfig(upstream.url(), "other").yaml() + "extra: 1\n";
        HttpResponse<String> ok = admin("POST", "/config/validate", next);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(true, json(ok).get("valid"));
        assertEquals(ConfigFile.sha256(next.getBytes(StandardCharsets.UTF_8)), json(ok).get("sha256"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> warnings = (List<Map<String, Object>>) json(ok).get("warnings");
        assertEquals(piapi.configFile + ":31:1: warning: extra: unknown key, ignored", warnings.get(0).get("text"));
        assertEquals("warning", warnings.get(0).get("severity"));

        HttpResponse<String> bad = admin("POST", "/config/validate", "users: 5\n");
        AdminChecks.error(bad, 400, "invalid_config");
        assertEquals(false, json(bad).get("valid"));
        assertFalse(problems(bad).isEmpty());
        AdminChecks.error(admin("POST", "/config/validate", "# " + "x".repeat(1 << 20)), 413, "request_too_large");
        assertEquals(original, file());
        assertEquals(1, piapi.gateway.config().current().generation());
    }

    @Test
    void wrongMethodsAre405() throws Exception {
        AdminChecks.error(admin("DELETE", "/config/raw", null), 405, "method_not_allowed");
        AdminChecks.error(admin("POST", "/config", "x"), 405, "method_not_allowed");
        AdminChecks.error(admin("GET", "/config/validate", null), 405, "method_not_allowed");
        assertNotEquals(405, admin("GET", "/config/raw/", null).statusCode(), "one trailing slash is fine");
    }
}
