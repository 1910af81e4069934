package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import piapi.support.TestConfig;

/**
 * Loading config text the way the gateway does, and comparing every problem it reports; the texts are
 * written with the shared {@link TestConfig} builder.
 */
final class ConfigTestSupport {
    /** The warning a config without users gets (at 1:1 when there is no {@code users} key). */
    static final String NO_USERS = "config.yaml:1:1: warning: users: no users are configured: every request will be refused with 401";

    private ConfigTestSupport() {
    }

    static ParsedConfig load(String yaml) {
        return load(Map.of(), yaml);
    }

    static ParsedConfig load(Map<String, String> env, String yaml) {
        return new ConfigLoader(env).parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml");
    }

    static List<String> problems(ParsedConfig result) {
        return result.problems().stream().map(Problem::toString).toList();
    }

    /**
     * Asserts the full list of problems, in order, as printed; and that the config was refused
     * exactly when one of them is an error.
     */
    static ParsedConfig assertProblems(String yaml, String... expected) {
        return assertProblems(Map.of(), yaml, expected);
    }

    static ParsedConfig assertProblems(Map<String, String> env, String yaml, String... expected) {
        ParsedConfig result = load(env, yaml);
        assertEquals(List.of(expected), problems(result), () -> "problems of:\n" + yaml);
        boolean anyError = result.problems().stream().anyMatch(Problem::isError);
        assertEquals(anyError, result instanceof ParsedConfig.Invalid,
                () -> "an error must make the config invalid, warnings alone must not: " + result);
        return result;
    }

    /** Loads a config that must be valid, asserting exactly these warnings, and returns it. */
    static GatewayConfig assertLoads(String yaml, String... warnings) {
        return assertLoads(Map.of(), yaml, warnings);
    }

    static GatewayConfig assertLoads(Map<String, String> env, String yaml, String... warnings) {
        ParsedConfig result = assertProblems(env, yaml, warnings);
        return assertInstanceOf(ParsedConfig.Loaded.class, result, () -> "should load: " + problems(result)).config();
    }

    /** A provider 'alpha' with keys k1, k2, k3 and services codex and claude_code. */
    static TestConfig alpha() {
        return TestConfig.config().provider("alpha").key("k1", "sk-one").key("k2", "sk-two").key("k3", "sk-three")
                .service("codex", "https://alpha.example/v1").service("claude_code", "https://alpha.example/claude");
    }

    /** {@link #alpha} plus a provider 'beta' (key k1, service other only, on one line). */
    static TestConfig alphaBeta() {
        return alpha().provider("beta").key("k1", "sk-beta").inlineService("other", "https://beta.example");
    }

    /** {@link #alpha} alone: lines 1-8. */
    static final String ALPHA = alpha().yaml();

    /** {@link #alphaBeta}: lines 1-12; users start on line 13. */
    static final String ALPHA_BETA = alphaBeta().yaml();

    /** One route of a single user with key 'user-key' (the route starts on line 17, column 7, after ALPHA_BETA). */
    static String userRoute(String route) {
        return alphaBeta().user("u", "user-key").routeText(route).yaml();
    }

    /** One provider 'p' with key k and one service 'codex' whose extra lines are {@code service}, at line 6. */
    static String service(String service) {
        return TestConfig.config().provider("p").key("k", "v").serviceLines("codex", service).yaml();
    }
}
