package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_BETA_KEY;
import static piapi.support.TestConfig.ADMIN_BOB_KEY;
import static piapi.support.TestConfig.ADMIN_PROVIDER_KEY;
import static piapi.support.TestConfig.ADMIN_SECRETS;
import static piapi.admin.AdminClient.json;
import static piapi.admin.AdminClient.segment;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;
import piapi.config.ConfigSnapshot;
import piapi.config.Route;
import piapi.config.Strategy;
import piapi.config.User;
import piapi.support.FakeUpstream;

/** Users and routes edited through the admin API, each change proven by the next proxied request. */
class UserEditsTest extends AdminGatewayTestBase {
    AdminClient admin;

    @BeforeEach
    void client() {
        admin = new AdminClient(piapi);
    }

    @Test
    void createdUserGetsAStrongKeyShownOnceThatWorksThroughTheProxy() throws Exception {
        HttpResponse<String> r = admin.write("POST", "/users",
                "{\"name\":\"carol\",\"services\":{\"codex\":{\"provider_name\":\"beta\",\"provider_key_name\":\"prod\"}}}");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> body = json(r);
        assertEquals("applied", body.get("result"));
        String key = (String) body.get("api_key");
        assertTrue(key.matches("piapi-[A-Za-z0-9_-]{43}"), key);
        assertEquals("\"" + piapi.gateway.config().current().sha256() + "\"", r.headers().firstValue("ETag").orElse(null));

        assertEquals(200, piapi.post("/piapi/codex/chat/completions", key, "{}").statusCode());
        FakeUpstream.Recorded up = upstream.take();
        assertEquals("/beta/chat/completions", up.rawPath());
        assertEquals("api_key=" + ADMIN_BETA_KEY, up.rawQuery());

        String config = admin.call("GET", "/config", null).body();
        assertFalse(config.contains(key), "the key is shown once, never again");
        assertTrue(config.contains("\"name\":\"carol\""));
        // the rest of the document is kept: other users, the timeouts section
        assertEquals(Duration.ofSeconds(30), piapi.gateway.config().current().settings().timeouts().firstByte());
        assertEquals(List.of("alice", "bob", "carol"), piapi.gateway.config().current().config().users().stream().map(User::name).toList());
        assertTrue(Files.readString(piapi.configFile).contains("apiKey: " + key));
    }

    @Test
    void writesNeedIfMatchAndAStaleOneChangesNothing() throws Exception {
        String before = Files.readString(piapi.configFile);
        String body = "{\"name\":\"carol\",\"services\":{\"codex\":{\"provider_name\":\"beta\",\"provider_key_name\":\"prod\"}}}";
        AdminChecks.error(admin.call("POST", "/users", body), 428, "if_match_required");
        HttpResponse<String> stale = admin.call("POST", "/users", body, "If-Match", "\"" + "0".repeat(64) + "\"");
        AdminChecks.error(stale, 409, "stale_config");
        assertEquals(piapi.gateway.config().current().sha256(), json(stale).get("current_sha256"));
        assertEquals(before, Files.readString(piapi.configFile));
        assertEquals(1, piapi.gateway.config().current().generation());
    }

    @Test
    void aRouteChangeIsFollowedByTheNextRequest() throws Exception {
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals("/v1/x", upstream.take().rawPath());
        HttpResponse<String> r = admin.write("PUT", "/users/alice/services/codex",
                "{\"strategy\":\"round_robin\",\"candidates\":[{\"provider_name\":\"beta\",\"provider_key_name\":\"prod\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        FakeUpstream.Recorded up = upstream.take();
        assertEquals("/beta/x", up.rawPath());
        assertEquals("api_key=" + ADMIN_BETA_KEY, up.rawQuery());
    }

    @Test
    void aggregatedRoutesKeepWeightsTagsAndDisabledCandidates() throws Exception {
        HttpResponse<String> r = admin.write("PUT", "/users/alice/services/codex", """
                {"strategy":"weighted_rr","candidates":[
                  {"provider_name":"alpha","provider_key_name":"main","weight":3,"tags":["primary","eu"]},
                  {"provider_name":"beta","provider_key_name":"prod","enabled":false}]}""");
        assertEquals(200, r.statusCode(), r.body());
        Route route = piapi.gateway.config().current().config().users().get(0).services().get("codex");
        assertEquals(Strategy.WEIGHTED_RR, route.strategy());
        assertEquals(3, route.candidates().get(0).weight());
        assertEquals(List.of("primary", "eu"), route.candidates().get(0).tags());
        assertFalse(route.candidates().get(1).enabled());
        assertFalse(route.legacy());
        // a single upstream is written in the one-line form's meaning: legacy
        assertEquals(200, admin.write("PUT", "/users/bob/services/codex", "{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}").statusCode());
        assertTrue(piapi.gateway.config().current().config().users().get(1).services().get("codex").legacy());
    }

    @Test
    void badRoutesAreRefusedWithTheirReason() throws Exception {
        AdminChecks.error(admin.write("PUT", "/users/alice/services/codex", "{\"strategy\":\"fastest\",\"candidates\":[]}"), 400, "bad_request");
        Map<String, Object> e = AdminChecks.error(admin.write("PUT", "/users/alice/services/codex",
                "{\"provider_name\":\"gamma\",\"provider_key_name\":\"x\"}"), 400, "bad_request");
        assertEquals("no provider has that name; the providers are: alpha, beta", e.get("message"));
        e = AdminChecks.error(admin.write("PUT", "/users/alice/services/claude_code",
                "{\"provider_name\":\"beta\",\"provider_key_name\":\"prod\"}"), 400, "bad_request");
        assertEquals("provider 'beta' does not offer service 'claude_code'", e.get("message"));
        e = AdminChecks.error(admin.write("PUT", "/users/alice/services/codex",
                "{\"provider_name\":\"alpha\",\"provider_key_name\":\"" + ADMIN_BETA_KEY + "\"}"), 400, "bad_request");
        assertEquals("provider 'alpha' has no key with that name; its keys are: main, backup", e.get("message"), "a pasted key is never repeated");
        AdminChecks.error(admin.write("PUT", "/users/nobody/services/codex", "{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}"),
                404, "not_found");
        AdminChecks.error(admin.write("PUT", "/users/alice/services/a%2Fb", "{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}"),
                400, "bad_request");
        AdminChecks.error(admin.write("POST", "/users", "{\"name\":\"bob\",\"services\":{\"codex\":{\"provider_name\":\"alpha\","
                + "\"provider_key_name\":\"main\"}}}"), 409, "user_exists");
        AdminChecks.error(admin.write("POST", "/users", "{\"name\":\"dan\",\"services\":{}}"), 400, "bad_request");
        AdminChecks.error(admin.write("POST", "/users", "{\"name\":\"bell\\u0007\",\"services\":{}}"), 400, "bad_request");
        AdminChecks.error(admin.write("POST", "/users", "not json"), 400, "bad_request");
        assertEquals(1, piapi.gateway.config().current().generation(), "nothing was written");
    }

    @Test
    void aChangeThatLeavesWarningsNeedsForce() throws Exception {
        String allOff = "{\"strategy\":\"round_robin\",\"candidates\":[{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\","
                + "\"enabled\":false}]}";
        Map<String, Object> e = AdminChecks.error(admin.write("PUT", "/users/bob/services/codex", allOff), 422, "config_has_warnings");
        assertTrue(e.get("message").toString().contains("force=true"), e.toString());
        assertEquals(1, piapi.gateway.config().current().generation(), "nothing was written");
        AdminChecks.error(admin.write("PUT", "/users/bob/services/codex?force=maybe", allOff), 400, "bad_request");
        HttpResponse<String> forced = admin.write("PUT", "/users/bob/services/codex?force=true", allOff);
        assertEquals(200, forced.statusCode(), forced.body());
        assertFalse(piapi.gateway.config().current().config().users().get(1).services().get("codex").candidates().get(0).enabled());
        assertEquals(503, piapi.post("/piapi/codex/x", ADMIN_BOB_KEY, "{}").statusCode());
    }

    @Test
    void addRemoveRenameAndDelete() throws Exception {
        assertEquals(200, admin.write("PUT", "/users/alice/services/claude_code",
                "{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}").statusCode());
        assertEquals(200, piapi.post("/piapi/claude_code/v1/messages", ADMIN_ALICE_KEY, "{}").statusCode());
        FakeUpstream.Recorded up = upstream.take();
        assertEquals("/anthropic/v1/messages", up.rawPath());
        assertEquals(ADMIN_PROVIDER_KEY, up.header("x-api-key"));

        assertEquals(200, admin.write("DELETE", "/users/alice/services/claude_code", null).statusCode());
        assertEquals(404, piapi.post("/piapi/claude_code/v1/messages", ADMIN_ALICE_KEY, "{}").statusCode());
        AdminChecks.error(admin.write("DELETE", "/users/alice/services/codex", null), 409, "last_route");

        assertEquals(200, admin.write("PUT", "/users/alice", "{\"name\":\"alicia\"}").statusCode());
        assertEquals("alicia", piapi.gateway.config().current().config().users().get(0).name());
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode(), "a rename keeps the key");
        AdminChecks.error(admin.write("PUT", "/users/alicia", "{\"name\":\"bob\"}"), 409, "user_exists");

        assertEquals(200, admin.write("DELETE", "/users/alicia", null).statusCode());
        assertEquals(401, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        AdminChecks.error(admin.write("DELETE", "/users/alicia", null), 404, "not_found");
    }

    @Test
    void aNewKeyReplacesTheOldOne() throws Exception {
        HttpResponse<String> r = admin.write("POST", "/users/bob/key", null);
        assertEquals(200, r.statusCode(), r.body());
        String key = (String) json(r).get("api_key");
        assertNotEquals(ADMIN_BOB_KEY, key);
        assertEquals(401, piapi.post("/piapi/codex/x", ADMIN_BOB_KEY, "{}").statusCode());
        assertEquals(200, piapi.post("/piapi/codex/x", key, "{}").statusCode());
    }

    @Test
    void hostileNamesSurviveTheRoundTrip() throws Exception {
        String name = "o'Neil \"q\" #1: ${HOME} - ? ünï 日本 😀";
        HttpResponse<String> r = admin.write("POST", "/users", "{\"name\":\"" + name.replace("\"", "\\\"")
                + "\",\"services\":{\"codex\":{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}}}");
        assertEquals(200, r.statusCode(), r.body());
        ConfigSnapshot s = piapi.gateway.config().current();
        assertEquals(name, s.config().users().get(2).name());
        String key = (String) json(r).get("api_key");
        assertEquals(name, s.user(key).name());
        assertEquals(200, admin.write("PUT", "/users/" + segment(name) + "/services/codex",
                "{\"provider_name\":\"beta\",\"provider_key_name\":\"prod\"}").statusCode());
        assertEquals("beta", piapi.gateway.config().current().config().users().get(2).services().get("codex").candidates().get(0).providerName());
        assertEquals(200, admin.write("DELETE", "/users/" + segment(name), null).statusCode());
        assertEquals(2, piapi.gateway.config().current().config().users().size());
    }

    @Test
    void answersNeverCarryAKey() throws Exception {
        String body = admin.write("PUT", "/users/alice/services/codex", "{\"provider_name\":\"beta\",\"provider_key_name\":\"prod\"}").body()
                + admin.write("PUT", "/users/alice", "{\"name\":\"al\"}").body()
                + admin.write("DELETE", "/users/al/services/codex", null).body();
        for (String secret : ADMIN_SECRETS) assertFalse(body.contains(secret), body);
        assertTrue(piapi.log.text().contains("\"action\":\"user_update\""), "edits are audited");
    }
}
