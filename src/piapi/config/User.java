package piapi.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import piapi.network.NetworkList;

/**
 * A team member: their piapi key and, per service type, the route their calls take.
 *
 * @param limits  their own {@code limits}, as written (unset fields come from {@code limits.default})
 * @param network their own allow/deny lists, checked after the key lookup (on top of the global ones)
 */
public record User(String name, Secret apiKey, Map<String, Route> services, UserLimits limits, NetworkList network) {
    public User {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** A user without limits or network lists of their own. */
    public User(String name, Secret apiKey, Map<String, Route> services) {
        this(name, apiKey, services, UserLimits.UNSET_ALL, NetworkList.OPEN);
    }
}
