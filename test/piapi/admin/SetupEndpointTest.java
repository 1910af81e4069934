package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_SECRETS;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;

/** GET /users/{name}/setup: the snippets for one user, as JSON or one client's text, never with a key. */
class SetupEndpointTest extends AdminGatewayTestBase {
    AdminClient admin;

    @BeforeEach
    void client() {
        admin = new AdminClient(piapi);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> snippets(Map<String, Object> setup) {
        return (List<Map<String, Object>>) setup.get("snippets");
    }

    @Test
    void snippetsForTheUsersServicesWithThePagesAddressAndNoKey() throws Exception {
        assertEquals(200, admin.write("PUT", "/users/alice/services/claude_code",
                "{\"provider_name\":\"alpha\",\"provider_key_name\":\"main\"}").statusCode());
        HttpResponse<String> r = admin.call("GET", "/users/alice/setup?base_url=https://piapi.example.com/", null);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> setup = AdminClient.json(r);
        assertEquals("alice", setup.get("user"));
        assertEquals("https://piapi.example.com", setup.get("base_url"));
        assertEquals(SetupSnippets.KEY_PLACEHOLDER, setup.get("key_placeholder"));
        List<String> clients = snippets(setup).stream().map(s -> (String) s.get("client")).toList();
        assertEquals(List.of("claude_code", "codex", "openai_sdk", "anthropic_sdk", "curl"), clients);
        String claude = (String) snippets(setup).get(0).get("text");
        assertTrue(claude.contains("https://piapi.example.com/piapi/claude_code"), claude);
        assertTrue(claude.contains(SetupSnippets.KEY_PLACEHOLDER), claude);
        for (String secret : ADMIN_SECRETS) assertFalse(r.body().contains(secret), secret);
    }

    @Test
    void oneClientAsTextAndTheRequestsOwnAddressByDefault() throws Exception {
        Map<String, Object> setup = AdminClient.json(admin.call("GET", "/users/bob/setup", null));
        assertEquals("http://127.0.0.1:" + piapi.port(), setup.get("base_url"));
        HttpResponse<String> text = admin.call("GET", "/users/bob/setup?client=curl", null);
        assertEquals(200, text.statusCode());
        assertEquals("text/plain; charset=utf-8", text.headers().firstValue("Content-Type").orElse(null));
        String curl = snippets(setup).stream().filter(s -> s.get("client").equals("curl")).findFirst().orElseThrow().get("text").toString();
        assertEquals(curl, text.body());
        assertTrue(curl.contains("http://127.0.0.1:" + piapi.port() + "/piapi/codex"), curl);
    }

    @Test
    void refusals() throws Exception {
        AdminChecks.error(admin.call("GET", "/users/nobody/setup", null), 404, "not_found");
        Map<String, Object> e = AdminChecks.error(admin.call("GET", "/users/bob/setup?client=claude_code", null), 404, "not_found");
        assertTrue(e.get("message").toString().endsWith("it has: codex, openai_sdk, curl"), e.toString());
        AdminChecks.error(admin.call("GET", "/users/bob/setup?base_url=ftp://x", null), 400, "bad_request");
        AdminChecks.error(admin.call("GET", "/users/bob/setup?base_url=http://u:p@x", null), 400, "bad_request");
        AdminChecks.error(admin.call("GET", "/users/bob/setup?key=x", null), 400, "bad_request");
    }
}
