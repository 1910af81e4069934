package piapi.route;

import java.util.ArrayList;
import java.util.List;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedCandidate;
import piapi.config.ResolvedRoute;
import piapi.config.RoutingSettings;
import piapi.support.TestConfig;

/** Routes for selector tests, built with the shared config builder and loaded through the real loader (provider p, keys a..d, user u). */
final class Routes {
    static final String KEY = "piapi-user-key-0001";
    static final String URL = "http://127.0.0.1:9/v1";

    private Routes() {}

    /**
     * A snapshot whose user has route {@code svc} with this strategy over these candidates of provider p, each
     * written {@code key[:weight[:enabled]]} ({@code "a:5"}, {@code "d:1:false"}); {@code routing} is a section or "".
     */
    static ConfigSnapshot snapshot(String strategy, String routing, String... candidates) {
        List<String> route = new ArrayList<>();
        for (String spec : candidates) {
            String[] parts = spec.split(":");
            List<String> extras = new ArrayList<>();
            if (parts.length > 1) extras.add("weight: " + parts[1]);
            if (parts.length > 2) extras.add("enabled: " + parts[2]);
            route.add(TestConfig.candidate("p", parts[0], extras.toArray(String[]::new)));
        }
        return TestConfig.config().provider("p").key("a", "sk-test-key-aaaa-0001").key("b", "sk-test-key-bbbb-0002")
                .key("c", "sk-test-key-cccc-0003").key("d", "sk-test-key-dddd-0004").service("svc", URL)
                .user("u", KEY).route("svc", strategy, route).section(routing).snapshot();
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
        for (int i = 0; i < n; i++) sb.append(router.choose(route, List.of(), null, true, settings).id().keyName());
        return sb.toString();
    }

    static ResolvedCandidate upstream(ResolvedRoute route, String keyName) {
        for (ResolvedCandidate u : route.upstreams()) if (u.id().keyName().equals(keyName)) return u;
        throw new AssertionError("no candidate " + keyName);
    }
}
