package piapi.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static piapi.yaml.YamlTestSupport.assertPosition;
import static piapi.yaml.YamlTestSupport.at;
import static piapi.yaml.YamlTestSupport.mapping;
import static piapi.yaml.YamlTestSupport.parse;
import static piapi.yaml.YamlTestSupport.scalar;
import static piapi.yaml.YamlTestSupport.sequence;
import static piapi.yaml.YamlTestSupport.text;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Go version's config.yaml.example must parse, to exactly this tree. */
class YamlConfigExampleTest {
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
                  claude_code: { providerName: provider-alpha, providerKeyName: main-key }
              - name: Carol
                apiKey: "piapi-user-carol"
                services:
                  codex:
                    strategy: weighted_rr
                    candidates:
                      - { providerName: provider-alpha, providerKeyName: main-key, weight: 3, tags: [primary] }
                      - providerName: provider-beta
                        providerKeyName: prod-key
                        enabled: false
            """;

    private final YamlNode root = parse(EXAMPLE);

    @Test
    void topLevelKeysInSourceOrder() {
        List<String> keys = mapping(root).entries().stream().map(e -> e.key().value()).toList();
        assertEquals(List.of("providers", "users"), keys);
        assertPosition(2, 1, root);
        assertPosition(29, 1, mapping(root).entries().get(1).key());
    }

    @Test
    void providers() {
        assertEquals(2, sequence(root, "providers").items().size());
        assertPosition(3, 3, at(root, "providers"));
        assertPosition(3, 5, at(root, "providers", 0));
        assertEquals("provider-alpha", text(root, "providers", 0, "name"));
        assertPosition(3, 11, at(root, "providers", 0, "name"));
        assertEquals("sk-alpha-xxx", text(root, "providers", 0, "apiKeys", "main-key"));
        assertEquals("sk-alpha-backup", text(root, "providers", 0, "apiKeys", "backup-key"));
        assertPosition(5, 7, at(root, "providers", 0, "apiKeys"));
        assertEquals("sk-beta-yyy", text(root, "providers", 1, "apiKeys", "prod-key"));
    }

    @Test
    void services() {
        assertEquals(2, sequence(root, "providers", 0, "services").items().size());
        assertEquals("codex", text(root, "providers", 0, "services", 0, "type"));
        assertEquals("https://api.provider-alpha.com/v1/engines",
                text(root, "providers", 0, "services", 0, "baseUrl"));
        YamlScalar prefix = scalar(root, "providers", 0, "services", 0, "auth", "prefix");
        assertEquals("Bearer ", prefix.value());
        assertEquals(YamlScalar.Style.DOUBLE_QUOTED, prefix.style());
        assertPosition(13, 19, prefix);
        assertEquals("x-api-key", text(root, "providers", 0, "services", 1, "auth", "name"));
        assertEquals("query", text(root, "providers", 1, "services", 0, "auth", "mode"));
        assertEquals("api_key", text(root, "providers", 1, "services", 0, "auth", "name"));
    }

    @Test
    void usersWithBlockAndFlowServices() {
        assertEquals("Alice", text(root, "users", 0, "name"));
        assertEquals("main-key", text(root, "users", 0, "services", "codex", "providerKeyName"));
        YamlMapping claude = mapping(root, "users", 0, "services", "claude_code");
        assertPosition(36, 20, claude);
        assertEquals("provider-alpha", text(claude, "providerName"));
        assertEquals("main-key", text(claude, "providerKeyName"));

        YamlScalar carolKey = scalar(root, "users", 1, "apiKey");
        assertEquals("piapi-user-carol", carolKey.value());
        assertEquals(YamlScalar.Style.DOUBLE_QUOTED, carolKey.style());
    }

    @Test
    void weightedCandidates() {
        YamlNode codex = at(root, "users", 1, "services", "codex");
        assertEquals("weighted_rr", text(codex, "strategy"));
        YamlSequence candidates = sequence(codex, "candidates");
        assertPosition(43, 11, candidates);
        assertEquals(2, candidates.items().size());

        YamlMapping first = mapping(candidates, 0);
        assertPosition(43, 13, first);
        assertEquals(List.of("providerName", "providerKeyName", "weight", "tags"),
                first.entries().stream().map(e -> e.key().value()).toList());
        assertEquals("3", text(first, "weight"));
        assertEquals("primary", text(first, "tags", 0));
        assertPosition(43, 89, at(first, "tags"));

        YamlMapping second = mapping(candidates, 1);
        assertPosition(44, 13, second);
        assertEquals("prod-key", text(second, "providerKeyName"));
        YamlScalar enabled = scalar(second, "enabled");
        assertEquals("false", enabled.value());
        assertFalse(enabled.isNull());
        assertPosition(46, 22, enabled);
    }
}
