package piapi.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An upstream vendor: named API keys and one base URL per service type it exposes. */
public record Provider(String name, Map<String, Secret> apiKeys, List<ServiceEndpoint> services) {
    public Provider {
        apiKeys = Collections.unmodifiableMap(new LinkedHashMap<>(apiKeys));
        services = List.copyOf(services);
    }

    /** The endpoint for this service type, or null when the provider does not expose it. */
    public ServiceEndpoint service(String type) {
        for (ServiceEndpoint s : services) if (s.type().equals(type)) return s;
        return null;
    }
}
