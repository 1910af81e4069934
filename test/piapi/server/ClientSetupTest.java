package piapi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;
import piapi.support.UpstreamGatewayBase;

/**
 * The setup snippets a running piapi serves for a user (issue 15, "Self-service"): Claude Code users are told to
 * unset {@code ANTHROPIC_API_KEY} (or {@code /logout}) when they use {@code ANTHROPIC_AUTH_TOKEN}, and Codex users
 * get {@code env_key} and {@code wire_api = "responses"}; then the snippet's own credential works on the proxy.
 */
class ClientSetupTest extends UpstreamGatewayBase {
    static final String KEY = "piapi-alice-key-setup-0001";
    static final String ADMIN = "admin-token-for-setup-tests";

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.json(200, "{\"model\":\"m\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}");
        piapi = GatewayHarness.start(TestConfig.bothClients("up", upstream.url(), KEY), Map.of("PIAPI_ADMIN_TOKEN", ADMIN));
    }

    String snippet(String client) throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piadmin/api/users/alice/setup?client=" + client)
                .header("Authorization", "Bearer " + ADMIN).GET().build());
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.body().contains(KEY), "the key is never in an admin answer");
        return r.body();
    }

    @Test
    void claudeCodeUsersAreToldToUnsetTheApiKeyOrLogOutWhenTheyUseTheAuthToken() throws Exception {
        String text = snippet("claude_code");
        String base = "http://127.0.0.1:" + piapi.port() + "/piapi/claude_code";
        assertTrue(text.contains("export ANTHROPIC_BASE_URL=" + base + "\n"), text);
        assertTrue(text.contains("export ANTHROPIC_AUTH_TOKEN="), text);
        assertTrue(text.contains("\nunset ANTHROPIC_API_KEY\n"), text);
        assertTrue(text.contains("/logout"), text);
        assertFalse(text.contains("ANTHROPIC_API_KEY="), "never set beside the token: " + text);
        // ANTHROPIC_AUTH_TOKEN is sent as Authorization: Bearer, which piapi takes on an x-api-key service
        HttpResponse<String> r = piapi.send(piapi.request("/piapi/claude_code/v1/messages").header("Authorization", "Bearer " + KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("sk-up", upstream.take().header("x-api-key"), "the provider key goes upstream as the service asks");
    }

    @Test
    void codexUsersGetEnvKeyAndTheResponsesWireApi() throws Exception {
        String text = snippet("codex");
        assertTrue(text.contains("base_url = \"http://127.0.0.1:" + piapi.port() + "/piapi/codex\"\n"), text);
        assertTrue(text.contains("env_key = \"PIAPI_API_KEY\"\n"), text);
        assertTrue(text.contains("wire_api = \"responses\"\n"), text);
        assertTrue(text.contains("model_provider = \"piapi\"\n"), text);
    }
}
