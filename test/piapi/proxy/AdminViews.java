package piapi.proxy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import piapi.http.JsonReader;
import piapi.support.GatewayHarness;

/** Failover tests read candidate health where an operator would: the admin {@code /routes} view of alice's routes. */
final class AdminViews {
    static final String ADMIN = "admin-token-0123456789";
    static final Map<String, String> ENV = Map.of("PIAPI_ADMIN_TOKEN", ADMIN);

    private AdminViews() {}

    /** alice's candidate on {@code service} as the admin view shows it, by provider name. */
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
}
