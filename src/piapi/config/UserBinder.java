package piapi.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.network.NetworkList;
import piapi.yaml.Position;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;

/** Binds and checks {@code users}: name, key, one route per service type, and their own limits and network lists. */
final class UserBinder {
    private static final Set<String> USER_KEYS = Set.of("name", "apiKey", "services", "limits", "network");

    private final Problems problems;
    private final EnvExpander expander;
    private final RouteBinder routes;

    UserBinder(Problems problems, EnvExpander expander, List<Provider> providers) {
        this.problems = problems;
        this.expander = expander;
        this.routes = new RouteBinder(problems, providers);
    }

    List<User> bind(YamlNode node) {
        List<User> out = new ArrayList<>();
        Map<String, Position> names = new HashMap<>();
        Map<Secret, String> keys = new HashMap<>(); // key -> "users[i] ('name')", to name the clash without the key
        List<YamlNode> items = SequenceReader.items(node, "users", problems);
        for (int i = 0; i < items.size(); i++) {
            String path = "users[" + i + "]";
            YamlNode item = items.get(i);
            MappingReader f = MappingReader.of(item, path, problems);
            if (f.notAMapping()) continue;
            f.warnUnknown(USER_KEYS);
            String name = f.string("name");
            if (name == null || name.isEmpty()) {
                name = "";
                if (!f.wrongType("name")) {
                    problems.warn(item, f.path("name"), "name is empty: logs, metrics and admin views will not tell this user apart");
                }
            } else {
                Position first = names.putIfAbsent(name, item.position());
                if (first != null) {
                    problems.error(f.node("name"), f.path("name"), "user name '" + name + "' duplicated (first at " + first
                            + "): logs, metrics and admin views identify users by name");
                }
            }
            Secret key = null;
            if (f.node("apiKey") == null) {
                problems.error(item, f.path("apiKey"), "apiKey is required");
            } else {
                key = ProviderBinder.secret(f.node("apiKey"), f.path("apiKey"), expander, problems);
            }
            if (key != null) {
                String owner = keys.putIfAbsent(key, path + " ('" + name + "')");
                if (owner != null) problems.error(f.node("apiKey"), f.path("apiKey"), "apiKey is the same as the key of " + owner);
            }
            Map<String, Route> services = services(f);
            UserLimits limits = new UserLimitsBinder(problems).bind(f.node("limits"), f.path("limits"));
            NetworkList network = new NetworkBinder(problems).lists(f.node("network"), f.path("network"));
            if (key != null) out.add(new User(name, key, services, limits, network));
        }
        return out;
    }

    private Map<String, Route> services(MappingReader user) {
        Map<String, Route> out = new LinkedHashMap<>();
        YamlNode node = user.node("services");
        MappingReader f = MappingReader.of(node, user.path("services"), problems);
        if (f.notAMapping()) return out;
        if (f.mapping().entries().isEmpty()) {
            problems.error(node == null ? user.mapping() : node, user.path("services"), "services mapping is required (service type -> route)");
            return out;
        }
        for (YamlMapping.Entry e : f.mapping().entries()) {
            String type = e.key().value().strip();
            String path = f.path(e.key().value());
            if (type.isEmpty()) {
                problems.error(e.key(), f.path(), "service type key must not be empty");
                continue;
            }
            if (out.containsKey(type)) {
                problems.error(e.key(), path, "duplicate service mapping for '" + type + "'");
                continue;
            }
            Route route = routes.bind(e.value(), type, path);
            if (route != null) out.put(type, route);
        }
        return out;
    }
}
