package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go version's config.yaml.example, verbatim: it must load unchanged, and bind to these values. */
class GoExampleConfigTest {
    static final String EXAMPLE = """
            # config.yaml.example
            providers:
              - name: provider-alpha
                apiKeys:
                  main-key: sk-alpha-xxx
                  backup-key: sk-alpha-backup
                services:
                  - type: codex
                    baseUrl: https://api.provider-alpha.com/v1/engines
                    auth:
                      mode: header
                      name: Authorization
                      prefix: "Bearer "
                  - type: claude_code
                    baseUrl: https://api.provider-alpha.com/v1/claude
                    auth:
                      mode: header
                      name: x-api-key
              - name: provider-beta
                apiKeys:
                  prod-key: sk-beta-yyy
                services:
                  - type: codex
                    baseUrl: https://api.provider-beta.com/codex
                    auth:
                      mode: query
                      name: api_key

            users:
              - name: Alice
                apiKey: piapi-user-alice
                services:
                  codex:
                    providerName: provider-alpha
                    providerKeyName: main-key
                  claude_code:
                    providerName: provider-alpha
                    providerKeyName: main-key
              - name: Bob
                apiKey: piapi-user-bob
                services:
                  codex:
                    providerName: provider-alpha
                    providerKeyName: backup-key
              - name: Carol
                apiKey: piapi-user-carol
                services:
                  codex:
                    providerName: provider-beta
                    providerKeyName: prod-key
            """;

    static GatewayConfig load() {
        ParsedConfig result = new ConfigLoader(Map.of()).parse(EXAMPLE.getBytes(StandardCharsets.UTF_8), "config.yaml.example");
        assertEquals(List.of(), result.problems(), "neither errors nor warnings");
        return assertInstanceOf(ParsedConfig.Loaded.class, result).config();
    }

    private static Route legacy(String provider, String key) {
        return new Route(Strategy.ROUND_ROBIN, List.of(new Candidate(provider, key, 1, true, List.of())), true);
    }

    @Test
    void providersBindWithTheirKeysAndServices() {
        GatewayConfig config = load();
        assertEquals(List.of("provider-alpha", "provider-beta"), config.providers().stream().map(Provider::name).toList());
        Provider alpha = config.provider("provider-alpha");
        assertEquals(List.of("main-key", "backup-key"), List.copyOf(alpha.apiKeys().keySet()));
        assertEquals("sk-alpha-xxx", alpha.apiKeys().get("main-key").reveal());
        assertEquals("sk-alpha-backup", alpha.apiKeys().get("backup-key").reveal());
        assertEquals("sk-beta-yyy", config.provider("provider-beta").apiKeys().get("prod-key").reveal());
    }

    @Test
    void authIsBearerForAuthorizationBareForXApiKeyAndQueryForBeta() {
        GatewayConfig config = load();
        Provider alpha = config.provider("provider-alpha");
        assertEquals(new ServiceEndpoint("codex", "https://api.provider-alpha.com/v1/engines",
                new Auth(Auth.Mode.HEADER, "Authorization", "Bearer ")), alpha.service("codex"));
        // x-api-key takes the bare key: "x-api-key: Bearer <key>" is refused by the upstream.
        assertEquals(new ServiceEndpoint("claude_code", "https://api.provider-alpha.com/v1/claude",
                new Auth(Auth.Mode.HEADER, "x-api-key", "")), alpha.service("claude_code"));
        assertEquals(new ServiceEndpoint("codex", "https://api.provider-beta.com/codex",
                new Auth(Auth.Mode.QUERY, "api_key", "")), config.provider("provider-beta").service("codex"));
    }

    @Test
    void usersHaveLegacyOneCandidateRoundRobinRoutes() {
        GatewayConfig config = load();
        assertEquals(List.of("Alice", "Bob", "Carol"), config.users().stream().map(User::name).toList());
        assertEquals(List.of("piapi-user-alice", "piapi-user-bob", "piapi-user-carol"),
                config.users().stream().map(u -> u.apiKey().reveal()).toList());
        assertEquals(Map.of("codex", legacy("provider-alpha", "main-key"), "claude_code", legacy("provider-alpha", "main-key")),
                config.users().get(0).services());
        assertEquals(List.of("codex", "claude_code"), List.copyOf(config.users().get(0).services().keySet()));
        assertEquals(Map.of("codex", legacy("provider-alpha", "backup-key")), config.users().get(1).services());
        assertEquals(Map.of("codex", legacy("provider-beta", "prod-key")), config.users().get(2).services());
        assertEquals(Settings.DEFAULTS, config.settings());
    }

    @Test
    void theCredentialsSentUpstreamFollowFromTheAuth() {
        ConfigSnapshot snapshot = new ConfigSnapshot(load(), 1, "sha", java.time.Instant.EPOCH, null, List.of());
        ResolvedUser alice = snapshot.user("piapi-user-alice");
        assertEquals("Bearer sk-alpha-xxx", alice.routes().get("codex").upstreams().get(0).credential());
        assertEquals("sk-alpha-xxx", alice.routes().get("claude_code").upstreams().get(0).credential());
        assertEquals("api_key=sk-beta-yyy", snapshot.user("piapi-user-carol").routes().get("codex").upstreams().get(0).credential());
    }
}
