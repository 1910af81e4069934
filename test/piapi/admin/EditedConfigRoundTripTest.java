package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piapi.config.Auth;
import piapi.config.Candidate;
import piapi.config.ConfigLoader;
import piapi.config.GatewayConfig;
import piapi.config.ParsedConfig;
import piapi.config.Provider;
import piapi.config.Route;
import piapi.config.Secret;
import piapi.config.ServiceEndpoint;
import piapi.config.Settings;
import piapi.config.Strategy;
import piapi.config.User;
import piapi.yaml.YamlEmitter;
import piapi.support.HostileStrings;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;

/**
 * Property: a config built from hostile names and values with the admin edits' own pieces (names as
 * {@link YamlEmitter#text}, key values through {@link KeyEdits#secret}, routes through {@link RouteSpec}),
 * emitted and loaded by the gateway's loader, binds to exactly the config those names describe.
 */
class EditedConfigRoundTripTest {
    private static final List<String> TYPES = List.of("codex", "claude_code", "true", "123", "null", "~", "-x", "${T}", "ünï",
            "a:b", "日本", "yes", "0x1F", "[a]", "'q'", "\"dq\"", "a,b", "&x", "*y", "!z", ">");

    @Test
    void generatedConfigsLoadAsTheyWereDescribed() throws Exception {
        Random random = new Random(61206);
        ConfigLoader loader = new ConfigLoader(Map.of());
        for (int round = 0; round < 400; round++) {
            Model m = generate(random);
            String yaml = YamlEmitter.emit(m.tree);
            ParsedConfig parsed = loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml");
            ParsedConfig.Loaded loaded = assertInstanceOf(ParsedConfig.Loaded.class, parsed, () -> parsed.problems() + "\n" + yaml);
            assertEquals(m.expected, loaded.config(), yaml);
            for (User u : m.expected.users()) assertEquals(u.apiKey().reveal(), find(loaded.config(), u.name()).apiKey().reveal());
            for (Provider p : m.expected.providers()) {
                p.apiKeys().forEach((k, v) -> assertEquals(v.reveal(), loaded.config().provider(p.name()).apiKeys().get(k).reveal(), yaml));
            }
        }
    }

    private static User find(GatewayConfig c, String name) {
        return c.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    private record Model(YamlMapping tree, GatewayConfig expected) {}

    private static Model generate(Random r) throws Refusal {
        List<YamlNode> providerNodes = new ArrayList<>();
        List<Provider> providers = new ArrayList<>();
        Set<String> providerNames = new LinkedHashSet<>();
        int providerCount = 1 + r.nextInt(3);
        while (providers.size() < providerCount) {
            String name = name(r);
            if (!providerNames.add(name)) continue;
            Map<String, Secret> keys = new LinkedHashMap<>();
            List<YamlMapping.Entry> keyEntries = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                String keyName = name(r);
                if (keys.containsKey(keyName)) continue;
                String value = secretValue(r);
                keys.put(keyName, Secret.of(value));
                keyEntries.add(ConfigTree.entry(keyName, KeyEdits.secret(JsonInput.of(Map.of("value", value)))));
            }
            List<ServiceEndpoint> services = new ArrayList<>();
            List<YamlNode> serviceNodes = new ArrayList<>();
            Set<String> types = new LinkedHashSet<>();
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                String type = TYPES.get(r.nextInt(TYPES.size()));
                if (!types.add(type)) continue;
                String url = "http://127.0.0.1:" + (1000 + r.nextInt(9000)) + "/p" + r.nextInt(100) + "?q=" + r.nextInt(9);
                String prefix = r.nextBoolean() ? null : HostileStrings.ALL.get(r.nextInt(HostileStrings.ALL.size()));
                if (prefix != null && !printable(prefix)) prefix = "Token ";
                List<YamlMapping.Entry> e = new ArrayList<>(List.of(ConfigTree.entry("type", YamlEmitter.text(type)),
                        ConfigTree.entry("baseUrl", YamlEmitter.text(url))));
                Auth auth = Auth.DEFAULT;
                if (prefix != null) {
                    e.add(ConfigTree.entry("auth", YamlEmitter.mapping(List.of(ConfigTree.entry("name", YamlEmitter.text("X-Key")),
                            ConfigTree.entry("prefix", YamlEmitter.text(prefix))))));
                    auth = new Auth(Auth.Mode.HEADER, "X-Key", prefix);
                }
                services.add(new ServiceEndpoint(type, url, auth));
                serviceNodes.add(YamlEmitter.mapping(e));
            }
            providers.add(new Provider(name, keys, services));
            providerNodes.add(YamlEmitter.mapping(List.of(ConfigTree.entry("name", YamlEmitter.text(name)),
                    ConfigTree.entry("apiKeys", YamlEmitter.mapping(keyEntries)),
                    ConfigTree.entry("services", YamlEmitter.sequence(serviceNodes)))));
        }
        List<YamlNode> userNodes = new ArrayList<>();
        List<User> users = new ArrayList<>();
        Set<String> userNames = new LinkedHashSet<>();
        for (int u = 0, n = 1 + r.nextInt(3); u < n; u++) {
            String name = name(r);
            if (!userNames.add(name)) continue;
            String key = "piapi-" + Long.toHexString(r.nextLong()) + "-" + u + "-" + name.hashCode();
            Map<String, Route> routes = new LinkedHashMap<>();
            List<YamlMapping.Entry> routeEntries = new ArrayList<>();
            Map<String, List<String[]>> offers = offers(providers);
            for (String type : offers.keySet()) {
                if (!routes.isEmpty() && r.nextBoolean()) continue;
                RouteAndSpec rs = route(r, offers.get(type));
                routes.put(type, rs.route);
                routeEntries.add(ConfigTree.entry(type, rs.spec.toYaml()));
            }
            users.add(new User(name, Secret.of(key), routes));
            userNodes.add(YamlEmitter.mapping(List.of(ConfigTree.entry("name", YamlEmitter.text(name)),
                    ConfigTree.entry("apiKey", YamlEmitter.text(key)), ConfigTree.entry("services", YamlEmitter.mapping(routeEntries)))));
        }
        YamlMapping tree = YamlEmitter.mapping(List.of(ConfigTree.entry("providers", YamlEmitter.sequence(providerNodes)),
                ConfigTree.entry("users", YamlEmitter.sequence(userNodes))));
        return new Model(tree, new GatewayConfig(providers, users, Settings.DEFAULTS));
    }

    private record RouteAndSpec(Route route, RouteSpec spec) {}

    /** A route from JSON, as the page sends it, to candidates that offer this service. */
    private static RouteAndSpec route(Random r, List<String[]> offers) throws Refusal {
        if (r.nextInt(3) == 0) {
            String[] o = offers.get(r.nextInt(offers.size()));
            RouteSpec spec = RouteSpec.parse(JsonInput.of(Map.of("provider_name", o[0], "provider_key_name", o[1])), "route");
            return new RouteAndSpec(new Route(Strategy.ROUND_ROBIN, List.of(new Candidate(o[0], o[1], 1, true, List.of())), true), spec);
        }
        Strategy strategy = Strategy.values()[r.nextInt(Strategy.values().length)];
        List<Object> candidates = new ArrayList<>();
        List<Candidate> expected = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String[] o : offers) {
            if (!seen.add(o[0] + "\n" + o[1]) || (!expected.isEmpty() && r.nextBoolean())) continue;
            long weight = 1 + r.nextInt(5);
            boolean enabled = expected.isEmpty() || r.nextBoolean();
            List<String> tags = r.nextBoolean() ? List.of() : List.of(name(r));
            Map<String, Object> c = new HashMap<>(Map.of("provider_name", o[0], "provider_key_name", o[1], "weight", weight,
                    "enabled", enabled, "tags", tags));
            candidates.add(c);
            expected.add(new Candidate(o[0], o[1], (int) weight, enabled, tags));
        }
        RouteSpec spec = RouteSpec.parse(JsonInput.of(Map.of("strategy", strategy.configName(), "candidates", candidates)), "route");
        return new RouteAndSpec(new Route(strategy, expected, false), spec);
    }

    /** For each service type, every (provider, key) that can serve it. */
    private static Map<String, List<String[]>> offers(List<Provider> providers) {
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        for (Provider p : providers) {
            for (ServiceEndpoint s : p.services()) {
                for (String k : p.apiKeys().keySet()) out.computeIfAbsent(s.type(), t -> new ArrayList<>()).add(new String[] {p.name(), k});
            }
        }
        return out;
    }

    /** A hostile name the admin API accepts: printable, and as the binder keeps it (stripped, not empty). */
    private static String name(Random r) {
        while (true) {
            String s = HostileStrings.ALL.get(r.nextInt(HostileStrings.ALL.size()));
            if (r.nextBoolean()) s = s + " " + HostileStrings.ALL.get(r.nextInt(HostileStrings.ALL.size())) + r.nextInt(10);
            s = s.strip();
            if (!s.isEmpty() && printable(s)) return s;
        }
    }

    /** A key value as the admin API takes it: no blanks; '${' is kept literal by the edit's escaping. */
    private static String secretValue(Random r) {
        while (true) {
            String s = "sk-" + HostileStrings.ALL.get(r.nextInt(HostileStrings.ALL.size())) + "-" + r.nextInt(1000);
            if (printable(s) && s.chars().noneMatch(Character::isWhitespace)) return s;
        }
    }

    private static boolean printable(String s) {
        try {
            JsonInput.checkPrintable("x", s);
            return true;
        } catch (Refusal e) {
            return false;
        }
    }
}
