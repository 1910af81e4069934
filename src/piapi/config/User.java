package piapi.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A team member: their piapi key and, per service type, the route their calls take. */
public record User(String name, Secret apiKey, Map<String, Route> services) {
    public User {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }
}
