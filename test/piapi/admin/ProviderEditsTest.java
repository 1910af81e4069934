package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_BOB_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.support.TestConfig.adminConfig;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;
import piapi.config.Auth;
import piapi.config.Candidate;
import piapi.config.Provider;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;

/** Providers, their services and keys edited through the admin API; values go in and never come out. */
class ProviderEditsTest {
    static final String NEW_KEY = "sk-gamma-brand-new-secret-9999";
    FakeUpstream upstream;
    GatewayHarness piapi;
    AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.json(200, "{\"ok\":true}");
        piapi = GatewayHarness.start(adminConfig(upstream.url(), "alice").yaml(), Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN, "GAMMA_KEY", "sk-from-env-7777"));
        admin = new AdminClient(piapi);
    }

    @AfterEach
    void stop() throws Exception {
        piapi.close();
        upstream.close();
    }

    Provider provider(String name) {
        return piapi.gateway.config().current().config().provider(name);
    }

    @Test
    void aNewProviderWithItsOwnAuthServesARoute() throws Exception {
        HttpResponse<String> r = admin.write("POST", "/providers", """
                {"name":"gamma","api_keys":{"main":{"value":"%s"}},
                 "services":[{"type":"claude_code","base_url":"%s/gamma","auth":{"mode":"header","name":"x-api-key","prefix":""}}]}"""
                .formatted(NEW_KEY, upstream.url()));
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.body().contains(NEW_KEY));
        assertEquals(new Auth(Auth.Mode.HEADER, "x-api-key", ""), provider("gamma").service("claude_code").auth());
        assertEquals(200, admin.write("PUT", "/users/alice/services/claude_code",
                "{\"provider_name\":\"gamma\",\"provider_key_name\":\"main\"}").statusCode());
        assertEquals(200, piapi.post("/piapi/claude_code/v1/messages", ADMIN_ALICE_KEY, "{}").statusCode());
        FakeUpstream.Recorded up = upstream.take();
        assertEquals("/gamma/v1/messages", up.rawPath());
        assertEquals(NEW_KEY, up.header("x-api-key"));
        assertFalse(admin.call("GET", "/config", null).body().contains(NEW_KEY));
        AdminChecks.error(admin.write("POST", "/providers", "{\"name\":\"gamma\",\"api_keys\":{\"k\":{\"value\":\"v\"}},"
                + "\"services\":[{\"type\":\"codex\",\"base_url\":\"http://x\"}]}"), 409, "provider_exists");
    }

    @Test
    void aReplacedKeyValueIsUsedAtOnceAndAnEnvReferenceIsWrittenAsOne() throws Exception {
        assertEquals(200, admin.write("PUT", "/providers/alpha/keys/main", "{\"value\":\"" + NEW_KEY + "\"}").statusCode());
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals("Bearer " + NEW_KEY, upstream.take().header("Authorization"));

        assertEquals(200, admin.write("PUT", "/providers/alpha/keys/main", "{\"env\":\"GAMMA_KEY\"}").statusCode());
        assertTrue(Files.readString(piapi.configFile).contains("main: ${GAMMA_KEY}"));
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals("Bearer sk-from-env-7777", upstream.take().header("Authorization"));

        // a literal that looks like a reference stays a literal
        assertEquals(200, admin.write("PUT", "/providers/alpha/keys/main", "{\"value\":\"sk-${NOT_SET}-x\"}").statusCode());
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals("Bearer sk-${NOT_SET}-x", upstream.take().header("Authorization"));

        AdminChecks.error(admin.write("PUT", "/providers/alpha/keys/main", "{\"value\":\"  \"}"), 400, "bad_request");
        AdminChecks.error(admin.write("PUT", "/providers/alpha/keys/main", "{\"env\":\"1BAD\"}"), 400, "bad_request");
        AdminChecks.error(admin.write("PUT", "/providers/nobody/keys/main", "{\"value\":\"x\"}"), 404, "not_found");
    }

    @Test
    void renamingAKeyRenamesItInEveryRouteThatUsesIt() throws Exception {
        assertEquals(200, admin.write("PUT", "/users/bob/services/codex", """
                {"strategy":"round_robin","candidates":[{"provider_name":"alpha","provider_key_name":"main"},
                 {"provider_name":"beta","provider_key_name":"prod"}]}""").statusCode());
        HttpResponse<String> r = admin.write("POST", "/providers/alpha/keys/main/rename", "{\"name\":\"primary\"}");
        assertEquals(200, r.statusCode(), r.body());
        var users = piapi.gateway.config().current().config().users();
        assertEquals("primary", users.get(0).services().get("codex").candidates().get(0).providerKeyName());
        assertEquals(new Candidate("alpha", "primary", 1, true, java.util.List.of()), users.get(1).services().get("codex").candidates().get(0));
        assertTrue(provider("alpha").apiKeys().containsKey("primary"));
        assertFalse(provider("alpha").apiKeys().containsKey("main"));
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals("Bearer " + TestConfig.ADMIN_PROVIDER_KEY, upstream.take().header("Authorization"));
        AdminChecks.error(admin.write("POST", "/providers/alpha/keys/primary/rename", "{\"name\":\"backup\"}"), 409, "key_exists");
    }

    @Test
    void aKeyInUseCannotBeDeleted() throws Exception {
        Map<String, Object> e = AdminChecks.error(admin.write("DELETE", "/providers/alpha/keys/main", null), 409, "key_in_use");
        assertEquals("key 'main' of provider 'alpha' is used by 1 route(s): alice/codex; change those routes first", e.get("message"));
        assertEquals(200, admin.write("PUT", "/users/bob/services/codex", "{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}").statusCode());
        assertEquals(200, admin.write("DELETE", "/providers/alpha/keys/backup", null).statusCode());
        assertNull(provider("alpha").apiKeys().get("backup"));
        AdminChecks.error(admin.write("DELETE", "/providers/beta/keys/prod", null), 409, "last_key"); // unused now, but the last
    }

    @Test
    void renamingAProviderFollowsItsRoutesAndOneInUseCannotGo() throws Exception {
        assertEquals(200, admin.write("PUT", "/providers/beta", "{\"name\":\"beta2\"}").statusCode());
        assertEquals("beta2", piapi.gateway.config().current().config().users().get(1).services().get("codex").candidates().get(1).providerName());
        Map<String, Object> e = AdminChecks.error(admin.write("DELETE", "/providers/beta2", null), 409, "provider_in_use");
        assertTrue(e.get("message").toString().contains("bob/codex"), e.get("message").toString());
        AdminChecks.error(admin.write("DELETE", "/providers/alpha/services/codex", null), 409, "service_in_use");
        assertEquals(200, admin.write("PUT", "/users/bob/services/codex", "{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}").statusCode());
        assertEquals(200, admin.write("DELETE", "/providers/beta2", null).statusCode());
        assertNull(provider("beta2"));
        AdminChecks.error(admin.write("DELETE", "/providers/beta2", null), 404, "not_found");
    }

    @Test
    void servicesAreAddedReplacedAndRemoved() throws Exception {
        assertEquals(200, admin.write("PUT", "/providers/beta/services/claude_code",
                "{\"base_url\":\"" + upstream.url() + "/b-anthropic\",\"auth\":{\"mode\":\"query\",\"name\":\"key\"}}").statusCode());
        assertEquals(new Auth(Auth.Mode.QUERY, "key", ""), provider("beta").service("claude_code").auth());
        assertEquals(200, admin.write("PUT", "/providers/beta/services/codex", "{\"base_url\":\"" + upstream.url() + "/beta2\"}").statusCode());
        assertEquals(Auth.DEFAULT, provider("beta").service("codex").auth());
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_BOB_KEY, "{}").statusCode()); // bob's only enabled candidate is alpha/backup
        upstream.take();
        assertEquals(200, admin.write("DELETE", "/providers/beta/services/claude_code", null).statusCode());
        assertNull(provider("beta").service("claude_code"));
        AdminChecks.error(admin.write("PUT", "/providers/beta/services/codex", "{\"base_url\":\"ftp://nope\"}"), 400, "invalid_config");
        AdminChecks.error(admin.write("PUT", "/providers/beta/services/codex",
                "{\"base_url\":\"http://x\",\"auth\":{\"mode\":\"cookie\"}}"), 400, "bad_request");
    }
}
