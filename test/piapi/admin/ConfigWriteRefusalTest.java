package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.support.TestConfig.adminConfig;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.config.ReloadReport;
import piapi.config.ReloadTrigger;
import piapi.http.JsonReader;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;

/**
 * No write may silently lock every user out: an admin write with warnings is refused (422) unless forced, and a
 * config with which no user can reach any service is refused on every reload path unless forced, while the old
 * config keeps serving. Starting on such a config is allowed, with a warning.
 */
class ConfigWriteRefusalTest extends AdminGatewayTestBase {
    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piadmin/api" + path).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
        AdminChecks.commonHeaders(r);
        return r;
    }

    int aliceGets() throws Exception {
        return piapi.send(piapi.request("/piapi/codex/chat").header("Authorization", "Bearer " + ADMIN_ALICE_KEY).GET().build()).statusCode();
    }

    @SuppressWarnings("unchecked")
    static List<String> problemTexts(HttpResponse<String> r) throws Exception {
        return ((List<Map<String, Object>>) JsonReader.parseObject(r.body()).get("problems")).stream()
                .map(p -> (String) p.get("text")).toList();
    }

    /** {@code text} with {@code from} replaced, failing when {@code from} is not in it (so the edit cannot silently miss). */
    static String edited(String text, String from, String to) {
        assertTrue(text.contains(from), "'" + from + "' in:\n" + text);
        return text.replace(from, to);
    }

    /** The test config with every candidate disabled: valid, but no user can reach any service. */
    String everyCandidateDisabled() {
        String aliceOff = edited(original, "codex: {providerName: alpha, providerKeyName: main}",
                "codex: {candidates: [{providerName: alpha, providerKeyName: main, enabled: false}]}");
        return edited(aliceOff, "{providerName: alpha, providerKeyName: backup, weight: 3, tags: [primary]}",
                "{providerName: alpha, providerKeyName: backup, weight: 3, enabled: false}");
    }

    @Test
    void aPutOfFooBarIsRefusedWithItsWarningsAndSaysHowToForce() throws Exception {
        HttpResponse<String> r = admin("PUT", "/config/raw", "foo: bar\n");
        Map<String, Object> error = AdminChecks.error(r, 422, "config_has_warnings");
        assertTrue(((String) error.get("message")).contains("?force=true"), error.toString());
        assertEquals("PUT /piadmin/api/config/raw?force=true", JsonReader.parseObject(r.body()).get("force_with"));
        String file = piapi.configFile.toString();
        assertEquals(List.of(file + ":1:1: warning: foo: unknown key, ignored",
                file + ":1:1: warning: users: no users are configured: every request will be refused with 401"), problemTexts(r));
        assertEquals(original, Files.readString(piapi.configFile), "nothing was written");
        assertEquals(1, piapi.gateway.config().current().generation());
        assertEquals(200, aliceGets(), "the working config keeps serving");
        Map<String, Object> audit = piapi.log.await("the audit line", l -> "admin_audit".equals(l.get("event")));
        assertEquals("refused", audit.get("result"));
    }

    @Test
    void aTypoInAnAuthBlockIsRefused() throws Exception {
        String typo = edited(original, "auth: {mode: header, name: x-api-key}", "auth: {mode: header, nmae: x-api-key}");
        HttpResponse<String> r = admin("PUT", "/config/raw", typo);
        AdminChecks.error(r, 422, "config_has_warnings");
        assertTrue(problemTexts(r).stream().anyMatch(t -> t.contains("'Authorization: Bearer <key>'")), r.body());
        assertTrue(problemTexts(r).stream().anyMatch(t -> t.contains("nmae: unknown key, ignored (did you mean 'name'?)")), r.body());
        assertEquals(original, Files.readString(piapi.configFile));
    }

    @Test
    void forceWritesAConfigWithWarningsEvenOneThatLocksEveryoneOut() throws Exception {
        String unknownKey = original + "colour: blue\n";
        HttpResponse<String> applied = admin("PUT", "/config/raw?force=true", unknownKey);
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals("applied", JsonReader.parseObject(applied.body()).get("result"));
        assertEquals(unknownKey, Files.readString(piapi.configFile));

        HttpResponse<String> lockout = admin("PUT", "/config/raw?force=true", "foo: bar\n");
        assertEquals(200, lockout.statusCode(), "forced, even this: " + lockout.body());
        assertEquals(3, piapi.gateway.config().current().generation());
        assertEquals(401, aliceGets(), "what the admin asked for");
    }

    @Test
    void forceMustBeTrueOrFalse() throws Exception {
        AdminChecks.error(admin("PUT", "/config/raw?force=yes", "foo: bar\n"), 400, "bad_request");
        AdminChecks.error(admin("POST", "/reload?force=1", null), 400, "bad_request");
        AdminChecks.error(admin("PUT", "/config/raw?force=false", "foo: bar\n"), 422, "config_has_warnings");
        assertEquals(original, Files.readString(piapi.configFile));
    }

    @Test
    void validateSaysWhetherAWriteWouldNeedForce() throws Exception {
        assertEquals(false, JsonReader.parseObject(admin("POST", "/config/validate", original).body()).get("force_needed"));
        assertEquals(true, JsonReader.parseObject(admin("POST", "/config/validate", "foo: bar\n").body()).get("force_needed"));
    }

    @Test
    void postReloadRefusesALockoutUnlessForced() throws Exception {
        piapi.gateway.reloader().close(); // this test drives the reloads itself
        Files.writeString(piapi.configFile, everyCandidateDisabled());
        HttpResponse<String> refused = admin("POST", "/reload", null);
        Map<String, Object> error = AdminChecks.error(refused, 422, "no_reachable_service");
        assertTrue(((String) error.get("message")).contains("POST /piadmin/api/reload?force=true"), error.toString());
        assertEquals(1, piapi.gateway.config().current().generation(), "the old config keeps serving");
        assertEquals(200, aliceGets());
        assertLastReloadRefused("admin");

        HttpResponse<String> forced = admin("POST", "/reload?force=true", null);
        assertEquals(200, forced.statusCode(), forced.body());
        assertEquals(2, piapi.gateway.config().current().generation());
        assertEquals(503, aliceGets(), "every candidate disabled, as forced");
    }

    @Test
    void sighupRefusesALockoutAndCannotForceIt() throws Exception {
        piapi.gateway.reloader().close();
        Files.writeString(piapi.configFile, "providers: []\nusers: []\n");
        ReloadReport report = piapi.gateway.reloader().reloadNow(ReloadTrigger.SIGNAL); // what the SIGHUP handler calls
        assertTrue(report instanceof ReloadReport.Failed f && f.refused(), report.toString());
        assertEquals(1, piapi.gateway.config().current().generation());
        assertEquals(200, aliceGets());
        assertLastReloadRefused("sighup");
    }

    @Test
    void theWatcherRefusesALockoutAndSaysWhyInAnEventAndInStatus() throws Exception {
        // Saved by rename, as editors do, so the watcher never sees the empty moment of an in-place write.
        java.nio.file.Path next = piapi.configFile.resolveSibling("config.yaml.new");
        Files.writeString(next, everyCandidateDisabled());
        Files.move(next, piapi.configFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> event = piapi.log.await("the refused reload",
                l -> "config_reload_failed".equals(l.get("event")) && "watch".equals(l.get("trigger")));
        assertEquals("no_reachable_service", event.get("code"));
        assertTrue(event.get("problems").toString().contains("no user can reach any service: every candidate of every route is disabled"),
                event.toString());
        assertEquals(1L, event.get("kept_generation"));
        assertEquals(200, aliceGets(), "the old config keeps serving");
        assertLastReloadRefused("watch");
    }

    @SuppressWarnings("unchecked")
    void assertLastReloadRefused(String trigger) throws Exception {
        Map<String, Object> last = (Map<String, Object>) JsonReader.parseObject(admin("GET", "/status", null).body()).get("last_reload");
        assertEquals(trigger, last.get("trigger"));
        assertEquals("failure", last.get("result"));
        assertEquals("no_reachable_service", last.get("code"));
        String problem = (String) ((List<Map<String, Object>>) last.get("problems")).get(0).get("text");
        assertTrue(problem.contains("no user can reach any service") || problem.contains("no users are configured"), problem);
        assertTrue(problem.contains("refused, the previous config keeps serving"), problem);
    }

    @Test
    void startingOnALockoutConfigIsAllowedWithAWarningSoUsersCanBeAdded() throws Exception {
        try (GatewayHarness empty = GatewayHarness.start("providers: []\nusers: []\n", Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN))) {
            Map<String, Object> warning = empty.log.await("the start's warning", l -> "config_warning".equals(l.get("event")));
            assertTrue(warning.get("problem").toString().contains("no users are configured"), warning.toString());
            HttpResponse<String> put = empty.send(empty.request("/piadmin/api/config/raw").header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofString(adminConfig(upstream.url(), "alice").yaml())).build());
            assertEquals(200, put.statusCode(), "a config with users and no warnings needs no force: " + put.body());
            assertEquals(200, empty.send(empty.request("/piapi/codex/chat").header("Authorization", "Bearer " + ADMIN_ALICE_KEY)
                    .timeout(Duration.ofSeconds(10)).GET().build()).statusCode());
        }
    }
}
