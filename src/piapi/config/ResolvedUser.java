package piapi.config;

import java.util.Map;
import piapi.network.NetworkList;

/**
 * A user as the proxy sees it: a name for logs, a key to confirm, routes by service type, the limits that
 * apply to them ({@code limits.default} overridden by their own, unset fields meaning no limit) and their
 * own network lists.
 */
public record ResolvedUser(String name, Secret key, Map<String, ResolvedRoute> routes, UserLimits limits, NetworkList network) {
    public ResolvedUser {
        routes = Map.copyOf(routes);
    }

    /** A user without limits or network lists. */
    public ResolvedUser(String name, Secret key, Map<String, ResolvedRoute> routes) {
        this(name, key, routes, UserLimits.NONE, NetworkList.OPEN);
    }

    @Override
    public String toString() {
        return "ResolvedUser[" + name + "]";
    }
}
