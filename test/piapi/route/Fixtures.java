package piapi.route;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import piapi.config.ConfigHolder;
import piapi.config.ConfigLoader;
import piapi.config.ConfigSnapshot;
import piapi.config.ParsedConfig;
import piapi.config.ResolvedRoute;
import piapi.config.RoutingSettings;
import piapi.config.ResolvedCandidate;

/** Routes for selector tests, built through the real config loader (provider p, keys a..d, user u). */
final class Fixtures {
    static final String KEY = "piapi-user-key-0001";

    private Fixtures() {}

    /** A snapshot whose user has route {@code svc} with this strategy and candidates, e.g. {@code "a:5", "b:3"}. */
    static ConfigSnapshot snapshot(String strategy, String routing, String... candidates) {
        StringBuilder c = new StringBuilder();
        for (String spec : candidates) {
            String[] parts = spec.split(":");
            c.append("          - { providerName: p, providerKeyName: ").append(parts[0]);
            if (parts.length > 1) c.append(", weight: ").append(parts[1]);
            if (parts.length > 2) c.append(", enabled: ").append(parts[2]);
            c.append(" }\n");
        }
        String yaml = """
                providers:
                  - name: p
                    apiKeys: { a: sk-test-key-aaaa-0001, b: sk-test-key-bbbb-0002, c: sk-test-key-cccc-0003, d: sk-test-key-dddd-0004 }
                    services:
                      - type: svc
                        baseUrl: http://127.0.0.1:9/v1
                users:
                  - name: u
                    apiKey: %s
                    services:
                      svc:
                        strategy: %s
                        candidates:
                %s
                %s
                """.formatted(KEY, strategy, c, routing);
        return load(yaml);
    }

    static ConfigSnapshot load(String yaml) {
        ParsedConfig r = new ConfigLoader(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
        if (!(r instanceof ParsedConfig.Loaded loaded)) throw new AssertionError("bad test config: " + r.problems());
        return new ConfigHolder(Clock.systemUTC()).publish(loaded, null);
    }

    static ResolvedRoute route(ConfigSnapshot s) {
        return s.user(KEY).routes().get("svc");
    }

    static RoutingSettings settings(ConfigSnapshot s) {
        return s.settings().routing();
    }

    /** The key names of successive picks, e.g. "abcab". */
    static String picks(Router router, ResolvedRoute route, RoutingSettings settings, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(router.choose(route, java.util.List.of(), null, true, settings).id().keyName());
        return sb.toString();
    }

    static ResolvedCandidate upstream(ResolvedRoute route, String keyName) {
        for (ResolvedCandidate u : route.upstreams()) if (u.id().keyName().equals(keyName)) return u;
        throw new AssertionError("no candidate " + keyName);
    }
}
