package piapi.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import piapi.config.ConfigHolder;
import piapi.config.ConfigLoader;
import piapi.config.ConfigSnapshot;
import piapi.config.ParsedConfig;

/**
 * Config texts for tests, built the way a person writes them, and the configs several test classes share.
 * Providers are written before users whatever the call order; {@link #section} text goes last. The layout
 * is fixed (tests assert positions in it):
 * <pre>
 * providers:
 *   - name: alpha
 *     apiKeys: {k1: sk-one, k2: sk-two}
 *     services:
 *       - type: codex
 *         baseUrl: https://alpha.example/v1
 *         auth: {mode: header, name: x-api-key}
 *       - {type: other, baseUrl: "https://beta.example"}
 * users:
 *   - name: u
 *     apiKey: user-key
 *     services:
 *       codex: {providerName: alpha, providerKeyName: k1}
 *       svc:
 *         strategy: weighted_rr
 *         candidates:
 *           - {providerName: alpha, providerKeyName: k1, weight: 2}
 * </pre>
 */
public final class TestConfig {
    private final StringBuilder header = new StringBuilder();
    private final List<StringBuilder> providers = new ArrayList<>();
    private final List<StringBuilder> users = new ArrayList<>();
    private final StringBuilder sections = new StringBuilder();
    private boolean usersKey;
    private StringBuilder keys; // the current provider's apiKeys, written when its first service comes
    private StringBuilder provider;
    private StringBuilder user;

    private TestConfig() {}

    public static TestConfig config() {
        return new TestConfig();
    }

    /** A comment line at the top of the file. */
    public TestConfig comment(String text) {
        header.append("# ").append(text).append('\n');
        return this;
    }

    /** Starts a provider; {@link #key} and the service methods add to it. */
    public TestConfig provider(String name) {
        closeKeys();
        provider = new StringBuilder("  - name: ").append(name).append('\n');
        providers.add(provider);
        keys = new StringBuilder();
        return this;
    }

    /** An API key of the current provider (name and secret). */
    public TestConfig key(String name, String secret) {
        keys.append(keys.isEmpty() ? "" : ", ").append(name).append(": ").append(flowScalar(secret));
        return this;
    }

    /** A service of the current provider with the default auth (Authorization: Bearer). */
    public TestConfig service(String type, String baseUrl) {
        return serviceLines(type, "baseUrl: " + blockScalar(baseUrl));
    }

    /** A service with an {@code auth} block written in flow style, e.g. {@code {mode: query, name: key}}. */
    public TestConfig service(String type, String baseUrl, String auth) {
        return serviceLines(type, "baseUrl: " + blockScalar(baseUrl) + "\nauth: " + auth);
    }

    /** A service whose lines after {@code - type: <type>} are {@code lines} as given (indented for you). */
    public TestConfig serviceLines(String type, String lines) {
        openServices();
        provider.append("      - type: ").append(type).append('\n');
        if (!lines.isEmpty()) provider.append(lines.stripTrailing().indent(8));
        return this;
    }

    /** A service on one line: {@code - {type: <type>, baseUrl: "<url>"}}. */
    public TestConfig inlineService(String type, String baseUrl) {
        openServices();
        provider.append("      - {type: ").append(type).append(", baseUrl: \"").append(baseUrl).append("\"}\n");
        return this;
    }

    /** Starts a user; the route methods add to it. */
    public TestConfig user(String name, String apiKey) {
        user = new StringBuilder("  - name: ").append(name).append("\n    apiKey: ").append(blockScalar(apiKey)).append("\n    services:\n");
        users.add(user);
        return this;
    }

    /** Writes {@code users: []} when no user is added (an explicit empty list). */
    public TestConfig noUsers() {
        usersKey = true;
        return this;
    }

    /** A single-candidate route of the current user: {@code type: {providerName: p, providerKeyName: k}}. */
    public TestConfig route(String type, String providerName, String keyName) {
        user.append("      ").append(type).append(": ").append(candidate(providerName, keyName)).append('\n');
        return this;
    }

    /** A route with a strategy over {@code candidates} (each as {@link #candidate} writes it). */
    public TestConfig route(String type, String strategy, List<String> candidates) {
        user.append("      ").append(type).append(":\n        strategy: ").append(strategy).append("\n        candidates:\n");
        for (String c : candidates) user.append("          - ").append(c).append('\n');
        return this;
    }

    /** Route lines of the current user as given (indented for you), for routes a test writes itself. */
    public TestConfig routeText(String text) {
        user.append(text.indent(6));
        return this;
    }

    /**
     * A setting of the current user beside its services, after its routes: {@code key: value} with the value in
     * flow style, e.g. {@code setting("limits", "{requestsPerDay: 1}")}.
     */
    public TestConfig setting(String key, String value) {
        user.append("    ").append(key).append(": ").append(value).append('\n');
        return this;
    }

    /** One candidate in flow style; {@code extras} such as {@code "weight: 3"} or {@code "enabled: false"} follow its key. */
    public static String candidate(String providerName, String keyName, String... extras) {
        StringBuilder sb = new StringBuilder("{providerName: ").append(providerName).append(", providerKeyName: ").append(keyName);
        for (String e : extras) sb.append(", ").append(e);
        return sb.append('}').toString();
    }

    /** Top-level text after the users, e.g. {@code timeouts: {firstByte: 300ms}}. */
    public TestConfig section(String yaml) {
        if (!yaml.isBlank()) sections.append(yaml.stripTrailing()).append('\n');
        return this;
    }

    /** The config text. */
    public String yaml() {
        closeKeys();
        StringBuilder out = new StringBuilder(header);
        if (!providers.isEmpty()) {
            out.append("providers:\n");
            providers.forEach(out::append);
        }
        if (!users.isEmpty()) {
            out.append("users:\n");
            users.forEach(out::append);
        } else if (usersKey) {
            out.append("users: []\n");
        }
        return out.append(sections).toString();
    }

    @Override
    public String toString() {
        return yaml();
    }

    /** The config loaded and published as the gateway would (it must be valid). */
    public ConfigSnapshot snapshot() {
        return load(yaml());
    }

    /** Loads a config text that must be valid, as a gateway would, and publishes it as generation 1. */
    public static ConfigSnapshot load(String yaml) {
        ParsedConfig r = new ConfigLoader(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
        if (!(r instanceof ParsedConfig.Loaded loaded)) throw new AssertionError("bad test config: " + r.problems() + "\n" + yaml);
        return new ConfigHolder(WallClock.utc()).publish(loaded, null);
    }

    private void openServices() {
        if (keys != null) {
            closeKeys();
            provider.append("    services:\n");
        }
    }

    private void closeKeys() {
        if (keys == null) return;
        provider.append("    apiKeys: {").append(keys).append("}\n");
        keys = null;
    }

    /** A scalar as a flow collection allows it: plain when it is simple, else double-quoted. */
    static String flowScalar(String v) {
        return v.matches("[A-Za-z0-9][A-Za-z0-9._/@+=-]*") ? v : quoted(v);
    }

    /** A scalar as a block value allows it: plain for URLs and simple words, else double-quoted. */
    static String blockScalar(String v) {
        return v.matches("[A-Za-z0-9${][A-Za-z0-9._/:?&=%@+${}-]*") && !v.contains(": ") ? v : quoted(v);
    }

    private static String quoted(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- configs several test classes share ------------------------------------------------------------

    /** alice's key in {@link #threeAuthModes} and {@link #twoProviders}. */
    public static final String ALICE_KEY = "piapi-alice-key-0001";
    /** bob's key in {@link #twoProviders}. */
    public static final String BOB_KEY = "piapi-bob-key-0002";
    /** Provider alpha's key in {@link #threeAuthModes} and {@link #twoProviders}. */
    public static final String ALPHA_KEY = "sk-alpha-secret-0001";
    /** Provider beta's key in {@link #twoProviders}. */
    public static final String BETA_KEY = "sk-beta-secret-0002";
    /** The key of provider dead (nothing listens) in {@link #twoProviders}. */
    public static final String DEAD_KEY = "sk-dead-secret-0003";

    /**
     * Provider alpha (key main) with one service per auth mode: {@code codex} (Authorization: Bearer) at
     * {@code <upstream>/v1}, {@code claude_code} (x-api-key, no prefix) at {@code <upstream>/anthropic} and
     * {@code query} (?key=) at {@code <upstream>/q?fixed=a&z=1}; user alice ({@link #ALICE_KEY}) uses all three.
     */
    public static TestConfig threeAuthModes(String upstream) {
        return config().provider("alpha").key("main", ALPHA_KEY)
                .service("codex", upstream + "/v1")
                .service("claude_code", upstream + "/anthropic", "{mode: header, name: x-api-key}")
                .service("query", upstream + "/q?fixed=a&z=1", "{mode: query, name: key}")
                .user("alice", ALICE_KEY).route("codex", "alpha", "main").route("claude_code", "alpha", "main").route("query", "alpha", "main");
    }

    /**
     * Providers alpha (codex at {@code /alpha}: Authorization; claude_code: x-api-key; query: ?key=), beta
     * (codex at {@code /beta}) and dead (service {@code dead} on {@code deadPort}, query auth, with a query of
     * its own); alice uses alpha for the first three and dead for {@code dead}, bob uses beta for codex.
     */
    public static TestConfig twoProviders(String upstream, int deadPort) {
        return config().provider("alpha").key("main", ALPHA_KEY)
                .service("codex", upstream + "/alpha")
                .service("claude_code", upstream + "/anthropic", "{mode: header, name: x-api-key}")
                .service("query", upstream + "/q?fixed=a", "{mode: query, name: key}")
                .provider("beta").key("prod", BETA_KEY).service("codex", upstream + "/beta")
                .provider("dead").key("k", DEAD_KEY).service("dead", "http://127.0.0.1:" + deadPort + "/v1?token=x", "{mode: query, name: key}")
                .user("alice", ALICE_KEY).route("codex", "alpha", "main").route("claude_code", "alpha", "main").route("query", "alpha", "main")
                .route("dead", "dead", "k")
                .user("bob", BOB_KEY).route("codex", "beta", "prod");
    }

    /**
     * One provider {@code up} (key {@code k}: {@code sk-up}) whose service {@code type} is at {@code baseUrl} with
     * the default auth, and user alice ({@code aliceKey}) routing that service to it: a gateway in front of one
     * upstream, as tests of what passes through it want.
     */
    public static TestConfig oneRoute(String type, String baseUrl, String aliceKey) {
        return config().provider("up").key("k", "sk-up").service(type, baseUrl).user("alice", aliceKey).route(type, "up", "k");
    }

    /**
     * Provider {@code provider} (key {@code k}: {@code sk-<provider>}) with both clients' services: {@code
     * claude_code} (Anthropic's x-api-key) at {@code baseUrl} and {@code codex} at {@code <baseUrl>/v1}; user alice
     * ({@code aliceKey}) routes both to it.
     */
    public static TestConfig bothClients(String provider, String baseUrl, String aliceKey) {
        return config().provider(provider).key("k", "sk-" + provider)
                .service("claude_code", baseUrl, "{mode: header, name: x-api-key}").service("codex", baseUrl + "/v1")
                .user("alice", aliceKey).route("claude_code", provider, "k").route("codex", provider, "k");
    }

    /** The provider names of {@link #candidates}, in order. */
    public static final List<String> CANDIDATE_NAMES = List.of("alpha", "beta", "gamma");

    /**
     * Failover: providers alpha, beta, gamma (key {@code k} each, secret {@code sk-<name>-secret-000<n>}) behind
     * the given URLs, each with services {@code svc} and {@code solo} at {@code <url>/v1}; alice
     * ({@link #ALICE_KEY}) has route {@code svc} over all of them in that order with {@code strategy}, and
     * route {@code solo} over alpha alone.
     */
    public static TestConfig candidates(String strategy, String... urls) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < urls.length; i++) all.add(candidate(CANDIDATE_NAMES.get(i), "k"));
        return candidateProviders(urls).user("alice", ALICE_KEY).route("svc", strategy, all).route("solo", "alpha", "k");
    }

    /** The providers of {@link #candidates} alone, for a test that writes its own routes over them. */
    public static TestConfig candidateProviders(String... urls) {
        TestConfig c = config();
        for (int i = 0; i < urls.length; i++) {
            String name = CANDIDATE_NAMES.get(i);
            c.provider(name).key("k", "sk-" + name + "-secret-000" + (i + 1)).inlineService("svc", urls[i] + "/v1").inlineService("solo", urls[i] + "/v1");
        }
        return c;
    }

    /** The admin token, and every secret of {@link #adminConfig}. */
    public static final String ADMIN_TOKEN = "admin-token-secret-7f3a9c";
    public static final String ADMIN_PROVIDER_KEY = "sk-alpha-provider-secret-1111";
    public static final String ADMIN_BACKUP_KEY = "sk-alpha-backup-secret-2222";
    public static final String ADMIN_BETA_KEY = "sk-beta-provider-secret-3333";
    public static final String ADMIN_ALICE_KEY = "piapi-alice-user-secret-4444";
    public static final String ADMIN_BOB_KEY = "piapi-bob-user-secret-5555";
    public static final List<String> ADMIN_SECRETS = List.of(ADMIN_TOKEN, ADMIN_PROVIDER_KEY, ADMIN_BACKUP_KEY, ADMIN_BETA_KEY,
            ADMIN_ALICE_KEY, ADMIN_BOB_KEY);

    /**
     * For the admin API: alpha (keys main and backup; codex, claude_code with x-api-key) and beta (key prod;
     * codex with query auth); the first user, named {@code firstUser}, routes codex to alpha/main; bob has a
     * weighted_rr route over alpha/backup (weight 3, tag primary) and beta/prod (disabled); a first-byte timeout.
     */
    public static TestConfig adminConfig(String upstream, String firstUser) {
        return config().comment("piapi test config")
                .provider("alpha").key("main", ADMIN_PROVIDER_KEY).key("backup", ADMIN_BACKUP_KEY)
                .service("codex", upstream + "/v1")
                .service("claude_code", upstream + "/anthropic", "{mode: header, name: x-api-key}")
                .provider("beta").key("prod", ADMIN_BETA_KEY).service("codex", upstream + "/beta", "{mode: query, name: api_key}")
                .user(firstUser, ADMIN_ALICE_KEY).route("codex", "alpha", "main")
                .user("bob", ADMIN_BOB_KEY).route("codex", "weighted_rr", List.of(candidate("alpha", "backup", "weight: 3", "tags: [primary]"),
                        candidate("beta", "prod", "enabled: false")))
                .section("timeouts: {firstByte: 30s}");
    }
}
