package piapi.config;

import java.util.Map;

/** A user as the proxy sees it: a name for logs, a key to confirm, routes by service type. */
public record ResolvedUser(String name, Secret key, Map<String, ResolvedRoute> routes) {
    public ResolvedUser {
        routes = Map.copyOf(routes);
    }

    @Override
    public String toString() {
        return "ResolvedUser[" + name + "]";
    }
}
