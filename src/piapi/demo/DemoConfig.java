package piapi.demo;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The demo's config, as YAML text: two providers (demo-steady, demo-flaky) each serving
 * {@code claude_code} (Anthropic Messages, x-api-key), {@code codex} (OpenAI Responses) and
 * {@code openai} (Chat Completions); three users with different routes; failover settings that cover
 * every answer of the flaky provider; prices for the demo's models. The text is what {@code piapi --demo --config FILE} writes and
 * what the demo gateway loads, through the ordinary loader.
 *
 * @param steadyUrl  demo-steady's base URL
 * @param flakyUrl   demo-flaky's base URL
 * @param users      the three users, keys included
 */
public record DemoConfig(String steadyUrl, String flakyUrl, List<DemoUser> users) {
    /**
     * Prices for every model the demo providers list and the banner's calls ask for, so the admin page's
     * usage and {@code /me/usage} show what the demo traffic would have cost. The demo answers cache reads
     * and writes (Anthropic) and reasoning, so each kind it reports has a price: none is unpriced.
     */
    static final String PRICING = """
            # What each model costs, in US dollars per million tokens, so the admin page's usage view and
            # /me/usage show the cost of the demo's traffic. These are the vendors' list prices when this
            # demo was written: check your provider's price list before you rely on them.
            pricing:
              claude-sonnet-4-5: { input: 3, output: 15, cacheRead: 0.30, cacheWrite5m: 3.75, cacheWrite1h: 6 }
              claude-haiku-4-5: { input: 1, output: 5, cacheRead: 0.10, cacheWrite5m: 1.25, cacheWrite1h: 2 }
              claude-opus-4-1: { input: 15, output: 75, cacheRead: 1.50, cacheWrite5m: 18.75, cacheWrite1h: 30 }
              gpt-5: { input: 1.25, output: 10, cacheRead: 0.125 }
              gpt-5-codex: { input: 1.25, output: 10, cacheRead: 0.125 }
              gpt-4.1: { input: 2, output: 8, cacheRead: 0.50 }
              gpt-4.1-mini: { input: 0.40, output: 1.60, cacheRead: 0.10 }
            """;

    /** The service types, in the order the config and the banner list them. */
    public static final List<String> SERVICES = List.of("claude_code", "codex", "openai");

    public DemoConfig {
        users = List.copyOf(users);
    }

    /**
     * A demo user.
     *
     * @param name  as in logs and the admin page
     * @param key   the piapi key, fresh for each session
     * @param route        what the user's routes show, in a few words
     * @param curlService  the service the banner's curl calls for this user go to (each user shows another protocol)
     */
    public record DemoUser(String name, String key, String route, String curlService) {
        @Override
        public String toString() {
            return "DemoUser[" + name + "]";
        }
    }

    /** A config for these provider URLs with fresh user keys. */
    public static DemoConfig generate(String steadyUrl, String flakyUrl) {
        return generate(steadyUrl, flakyUrl, new SecureRandom());
    }

    static DemoConfig generate(String steadyUrl, String flakyUrl, RandomGenerator random) {
        return new DemoConfig(steadyUrl, flakyUrl, List.of(
                new DemoUser("alice", key("alice", random), "one upstream per service: demo-steady/team-key", "openai"),
                new DemoUser("bob", key("bob", random), "weighted_rr: 3 calls in 4 to demo-steady, 1 to demo-flaky", "codex"),
                new DemoUser("carol", key("carol", random),
                        "sticky_healthy: demo-flaky first, demo-steady/spare-key while it fails (codex: adaptive_rr)", "claude_code")));
    }

    private static String key(String user, RandomGenerator random) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "pk-demo-" + user + "-" + HexFormat.of().formatHex(bytes);
    }

    public DemoUser user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    /** The YAML text. */
    public String yaml() {
        StringBuilder y = new StringBuilder(4096);
        y.append("""
                # A piapi config written by `piapi --demo`. demo-steady and demo-flaky are piapi's built-in demo
                # providers: they exist only while `piapi --demo` runs (on the loopback ports below) and make
                # their answers up offline. To go live, replace them with real providers (baseUrl, apiKeys)
                # and keep or edit the users and their routes.
                providers:
                  - name: demo-steady                # answers every call
                    apiKeys:                         # the demo providers take any key
                      team-key: sk-demo-steady-team
                      spare-key: sk-demo-steady-spare
                """);
        services(y, steadyUrl);
        y.append("""
                  - name: demo-flaky                 # every 3rd call fails before any byte: 429 with Retry-After, or overloaded
                    apiKeys:
                      team-key: sk-demo-flaky-team
                """);
        services(y, flakyUrl);
        y.append("users:\n");
        DemoUser alice = user("alice"), bob = user("bob"), carol = user("carol");
        user(y, alice, "every service on one upstream key");
        for (String s : SERVICES) y.append("      ").append(s).append(": { providerName: demo-steady, providerKeyName: team-key }\n");
        user(y, bob, "weighted: 3 calls in 4 to demo-steady; when demo-flaky fails, piapi fails over");
        for (String s : SERVICES) {
            route(y, s, "weighted_rr", "{ providerName: demo-steady, providerKeyName: team-key, weight: 3 }",
                    "{ providerName: demo-flaky, providerKeyName: team-key, weight: 1 }");
        }
        user(y, carol, "sticky_healthy: demo-flaky while it works, else demo-steady's spare key (codex: adaptive_rr)");
        for (String s : SERVICES) {
            route(y, s, s.equals("codex") ? "adaptive_rr" : "sticky_healthy",
                    "{ providerName: demo-flaky, providerKeyName: team-key, tags: [primary] }",
                    "{ providerName: demo-steady, providerKeyName: spare-key, tags: [fallback] }");
        }
        y.append("""
                # Failover covers every failure of demo-flaky (429, 503, 529), before the client sees a byte;
                # a failing key cools down briefly, so the admin page shows it recover within a minute.
                routing:
                  maxAttempts: 3
                  retryOn: [connect, reset, timeout, 401, 403, 429, 500, 502, 503, 504, 529]
                  cooldown: 5s
                  maxCooldown: 30s
                """);
        y.append(PRICING);
        return y.toString();
    }

    private static void services(StringBuilder y, String baseUrl) {
        y.append("    services:\n")
                .append("      - type: claude_code             # Claude Code, the Anthropic SDK: Anthropic Messages\n")
                .append("        baseUrl: ").append(baseUrl).append('\n')
                .append("        auth: { mode: header, name: x-api-key }\n")
                .append("      - type: codex                   # Codex CLI: OpenAI Responses\n")
                .append("        baseUrl: ").append(baseUrl).append("/v1\n")
                .append("      - type: openai                  # the OpenAI SDK: Chat Completions\n")
                .append("        baseUrl: ").append(baseUrl).append("/v1\n");
    }

    private static void user(StringBuilder y, DemoUser user, String comment) {
        y.append("  - name: ").append(user.name()).append(" ".repeat(Math.max(1, 27 - user.name().length()))).append("# ").append(comment).append('\n')
                .append("    apiKey: ").append(user.key()).append('\n')
                .append("    services:\n");
    }

    private static void route(StringBuilder y, String service, String strategy, String first, String second) {
        y.append("      ").append(service).append(":\n")
                .append("        strategy: ").append(strategy).append('\n')
                .append("        candidates:\n")
                .append("          - ").append(first).append('\n')
                .append("          - ").append(second).append('\n');
    }
}
