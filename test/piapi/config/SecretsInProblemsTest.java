package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever is wrong with a config, no problem (nor the load result's toString) shows a
 * secret. Random configs put distinctive secrets, all containing {@value #MARK}, in every place a
 * secret is written (provider keys, user keys, {@code ${VAR}} values, credentials in a base URL),
 * in many forms, and surround them with many different errors.
 */
class SecretsInProblemsTest {
    private static final String MARK = "S3CR3T";
    private static final int CONFIGS = 400;

    /** One generated config: its text, its environment, and every secret in it. */
    private record Sample(String yaml, Map<String, String> env, Set<String> secrets) {
    }

    private static final class Generator {
        private final Random random;
        private final Map<String, String> env = new HashMap<>(Map.of("EMPTY", ""));
        private final Set<String> secrets = new HashSet<>();
        private final List<String> userKeys = new ArrayList<>();
        private final StringBuilder yaml = new StringBuilder();

        Generator(long seed) {
            random = new Random(seed);
        }

        private String newSecret() {
            String s = "sk-" + MARK + "-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            secrets.add(s);
            return s;
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }

        /** A secret written in one of many forms, most of them broken. */
        private String secretValue() {
            String s = newSecret();
            String var = "VAR_" + secrets.size();
            return switch (random.nextInt(13)) {
                case 0 -> s;
                case 1 -> "\"" + s + "\"";
                case 2 -> "'" + s + "'";
                case 3 -> "\" " + s + " \"";
                case 4 -> { env.put(var, s); yield "\"${" + var + "}\""; }
                case 5 -> { env.put(var, s); yield "\"pre-${" + var + "}-" + newSecret() + "\""; }
                case 6 -> "\"" + s + "-${MISSING_" + secrets.size() + "}\"";
                case 7 -> { env.put(var, newSecret()); yield "\"" + s + "-${" + var + "\""; }
                case 8 -> "\"${" + s + "}\"";
                case 9 -> "[" + s + "]";
                case 10 -> "{nested: " + s + "}";
                case 11 -> "\"${MISSING:-" + s + "}\"";
                default -> "\"${EMPTY}\"";
            };
        }

        private String baseUrl() {
            return pick(List.of("https://a.example/v1", "ftp://a.example", "\"\"", "https://me:" + newSecret() + "@a.example/v1",
                    "https://a.example/v1?key=" + newSecret() + "#frag", "\"https://a.example/v 1?key=" + newSecret() + "\"",
                    "/relative?key=" + newSecret()));
        }

        private String auth() {
            return pick(List.of("{}", "{mode: Header}", "{mode: query}", "{mode: query, name: \"a&b\"}", "{name: Host}",
                    "{prefix: Token}", "{prefx: \"Bearer \"}", "{name: x-api-key}", "oops"));
        }

        private String route(int providers) {
            String p = "p" + random.nextInt(providers + 1); // sometimes a provider that does not exist
            String k = "k" + random.nextInt(3); // sometimes a key that does not exist
            return pick(List.of(
                    "{providerName: " + p + ", providerKeyName: " + k + "}",
                    "{providerKeyNmae: " + k + "}",
                    "{strategy: " + pick(List.of("weighted_rr", "Random", "\"\"")) + ", candidates: [{providerName: " + p
                            + ", providerKeyName: " + k + ", weight: " + pick(List.of("1", "'3'", "0", "2.5")) + ", enabled: "
                            + pick(List.of("yes", "\"true\"", "maybe")) + ", tags: " + pick(List.of("[a]", "solo")) + "}]}",
                    "{candidates: [{providerName: " + p + ", providerKeyName: " + k + "}, {providerName: " + p + ", providerKeyName: " + k + "}]}",
                    "{strategy: round_robin}",
                    "alpha/" + k));
        }

        Sample generate() {
            int providers = 1 + random.nextInt(3);
            yaml.append("providers:\n");
            for (int i = 0; i < providers; i++) {
                yaml.append("  - name: ").append(random.nextInt(8) == 0 ? "p0" : "p" + i).append('\n');
                yaml.append("    apiKeys:\n");
                int keys = random.nextInt(4);
                for (int j = 0; j < keys; j++) yaml.append("      ").append(pick(List.of("k" + j, "\" k0\"", "k" + j))).append(": ")
                        .append(secretValue()).append('\n');
                yaml.append("    services:\n");
                for (String type : List.of("codex", "claude_code")) {
                    if (random.nextBoolean()) continue;
                    yaml.append("      - type: ").append(type).append("\n        baseUrl: ").append(baseUrl()).append('\n');
                    if (random.nextBoolean()) yaml.append("        auth: ").append(auth()).append('\n');
                }
            }
            boolean noUsers = random.nextInt(10) == 0;
            yaml.append(noUsers ? "users: []\n" : "users:\n");
            int users = noUsers ? 0 : random.nextInt(4);
            for (int i = 0; i < users; i++) {
                yaml.append("  - name: ").append(pick(List.of("ann", "bob", "\"\"", "u" + i))).append('\n');
                String key;
                if (!userKeys.isEmpty() && random.nextInt(4) == 0) {
                    String other = pick(userKeys); // the same key as another user: Go echoed it in its error
                    key = random.nextBoolean() ? other : "\" " + other + " \"";
                } else {
                    key = secretValue();
                    if (!key.contains("$") && !key.startsWith("[") && !key.startsWith("{")) userKeys.add(key.replace("\"", "").replace("'", "").strip());
                }
                if (random.nextInt(10) > 0) yaml.append("    apiKey: ").append(key).append('\n');
                yaml.append("    services:\n");
                yaml.append("      codex: ").append(route(providers)).append('\n');
                if (random.nextBoolean()) yaml.append("      claude_code: ").append(route(providers)).append('\n');
            }
            secrets.addAll(env.values().stream().filter(v -> !v.isEmpty()).toList());
            return new Sample(yaml.toString(), Map.copyOf(env), Set.copyOf(secrets));
        }
    }

    @Test
    void noProblemEverShowsASecret() {
        Set<String> messages = new HashSet<>();
        int invalid = 0;
        for (int seed = 0; seed < CONFIGS; seed++) {
            Sample sample = new Generator(seed).generate();
            ParsedConfig result = new ConfigLoader(sample.env()).parse(sample.yaml().getBytes(StandardCharsets.UTF_8), "config.yaml");
            for (Problem p : result.problems()) {
                String shown = p.toString();
                assertFalse(shown.contains(MARK), () -> "secret in: " + shown + "\nof:\n" + sample.yaml());
                for (String s : sample.secrets()) assertFalse(shown.contains(s), () -> "secret in: " + shown);
                messages.add(p.message());
            }
            assertFalse(result.toString().contains(MARK), () -> "secret in the result's toString, of:\n" + sample.yaml());
            if (result instanceof ParsedConfig.Invalid) invalid++;
        }
        // The generator must really produce the errors around secrets it is meant to, or this test proves nothing.
        assertTrue(invalid > CONFIGS / 2, "invalid configs: " + invalid);
        for (String kind : List.of("apiKey is the same as the key of users[", "environment variable 'MISSING_", "without a closing '}'",
                "value must not be empty", "baseUrl must not carry credentials", "baseUrl must not have a #fragment", "baseUrl is not a valid URL",
                "must be a single value, not a list", "must be a single value, not a mapping",
                "is not a valid environment variable reference", "duplicate key name")) {
            assertTrue(messages.stream().anyMatch(m -> m.contains(kind)), () -> "never produced: " + kind + "\n" + messages);
        }
    }

    @Test
    void aValidConfigWithSecretsEverywherePrintsNone() {
        String user = "piapi-" + MARK + "-user";
        String provider = "sk-" + MARK + "-provider";
        String fromEnv = "sk-" + MARK + "-env";
        ParsedConfig result = new ConfigLoader(Map.of("KEY", fromEnv)).parse(("""
                providers:
                  - name: p
                    apiKeys: {k1: %s, k2: "${KEY}"}
                    services: [{type: codex, baseUrl: "https://a.example/v1", auth: {prefix: Token}}]
                users:
                  - {name: u, apiKey: %s, services: {codex: {providerName: p, providerKeyName: k1}}}
                  - {name: "", apiKey: "${KEY}-user", services: {codex: {candidates: [{providerName: p, providerKeyName: k2, enabled: no}]}}}
                """.formatted(provider, user)).getBytes(StandardCharsets.UTF_8), "config.yaml");
        ParsedConfig.Loaded loaded = (ParsedConfig.Loaded) result;
        assertEquals(3, loaded.problems().size(), loaded.problems()::toString); // prefix, empty name, all disabled
        assertFalse(result.toString().contains(MARK), result::toString);
        ConfigSnapshot snapshot = new ConfigSnapshot(loaded.config(), 1, loaded.sha256(), java.time.Instant.EPOCH, null, loaded.problems());
        assertFalse(snapshot.user(user).toString().contains(MARK));
        assertFalse(snapshot.user(fromEnv + "-user").routes().toString().contains(MARK));
    }
}
