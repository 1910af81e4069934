package piapi.config;

import java.util.List;

/**
 * A validated configuration: {@code providers} and {@code users}, the schema existing configs are written
 * in, plus piapi's optional settings. Values are trimmed and defaults are filled in; nothing here is null.
 */
public record GatewayConfig(List<Provider> providers, List<User> users, Settings settings) {
    public GatewayConfig {
        providers = List.copyOf(providers);
        users = List.copyOf(users);
    }

    /** The provider with this name, or null. */
    public Provider provider(String name) {
        for (Provider p : providers) if (p.name().equals(name)) return p;
        return null;
    }
}
