package piapi.proxy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import piapi.http.JsonReader;
import piapi.support.GatewayHarness;

/**
 * Configs for failover tests: providers alpha, beta, gamma (key {@code k} each) behind the given URLs,
 * and user alice with route {@code svc} over all of them (in that order) plus route {@code solo} over alpha
 * alone. Also reads the admin {@code /routes} view.
 */
final class Candidates {
    static final String KEY = "piapi-alice-key-0001";
    static final String ADMIN = "admin-token-0123456789";
    static final Map<String, String> ENV = Map.of("PIAPI_ADMIN_TOKEN", ADMIN);
    static final String[] NAMES = {"alpha", "beta", "gamma"};

    private Candidates() {}

    static String config(String strategy, String extra, String... urls) {
        StringBuilder providers = new StringBuilder();
        StringBuilder candidates = new StringBuilder();
        for (int i = 0; i < urls.length; i++) {
            providers.append("""
                      - name: %1$s
                        apiKeys: { k: sk-%1$s-secret-000%2$d }
                        services:
                          - { type: svc, baseUrl: "%3$s/v1" }
                          - { type: solo, baseUrl: "%3$s/v1" }
                    """.formatted(NAMES[i], i + 1, urls[i]));
            candidates.append(i == 0 ? "" : ", ").append("{ providerName: ").append(NAMES[i]).append(", providerKeyName: k }");
        }
        return """
                providers:
                %s
                users:
                  - name: alice
                    apiKey: %s
                    services:
                      svc: { strategy: %s, candidates: [ %s ] }
                      solo: { providerName: alpha, providerKeyName: k }
                %s
                """.formatted(providers.toString().stripTrailing(), KEY, strategy, candidates, extra);
    }

    /** alice's candidates on {@code service} as the admin view shows them, by provider name. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> candidate(GatewayHarness piapi, String service, String provider) throws Exception {
        for (Map<String, Object> c : (List<Map<String, Object>>) route(piapi, service).get("candidates")) {
            if (provider.equals(c.get("provider"))) return c;
        }
        throw new AssertionError("no candidate " + provider + " on " + service);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> route(GatewayHarness piapi, String service) throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piadmin/api/routes?user=alice&service=" + service)
                .header("Authorization", "Bearer " + ADMIN).GET().build());
        if (r.statusCode() != 200) throw new AssertionError("GET /routes: " + r.statusCode() + " " + r.body());
        List<Map<String, Object>> routes = (List<Map<String, Object>>) JsonReader.parseObject(r.body()).get("routes");
        if (routes.size() != 1) throw new AssertionError("expected one route: " + r.body());
        return routes.get(0);
    }

    static String requestId(HttpResponse<?> r) {
        return r.headers().firstValue("X-Piapi-Request-Id").orElseThrow();
    }
}
