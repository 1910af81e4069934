package piapi.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;
import piapi.yaml.YamlSequence;

/**
 * Binds one user's route for one service type: the legacy {@code providerName/providerKeyName} form
 * (one candidate) or the aggregated {@code strategy + candidates} form.
 */
final class RouteBinder {
    private static final Set<String> ROUTE_KEYS = Set.of("providerName", "providerKeyName", "strategy", "candidates");
    private static final Set<String> CANDIDATE_KEYS = Set.of("providerName", "providerKeyName", "weight", "enabled", "tags");

    private final Problems problems;
    private final List<Provider> providers;

    RouteBinder(Problems problems, List<Provider> providers) {
        this.problems = problems;
        this.providers = providers;
    }

    Route bind(YamlNode node, String serviceType, String path) {
        MappingReader f = MappingReader.of(node, path, problems);
        if (f.notAMapping()) return null;
        f.warnUnknown(ROUTE_KEYS);
        YamlNode candidatesNode = f.node("candidates");
        List<YamlNode> items = SequenceReader.items(candidatesNode, f.path("candidates"), problems);
        if (items.isEmpty() && candidatesNode != null && !(candidatesNode instanceof YamlSequence)
                && !(candidatesNode instanceof YamlScalar s && s.isNull())) {
            return null; // reported as not a list; neither form can be checked
        }
        String strategyText = f.string("strategy");
        boolean aggregated = !items.isEmpty() || (strategyText != null && !strategyText.isEmpty());
        if (!aggregated) {
            Candidate c = candidate(f, node, serviceType, f.path(), 1, true, List.of());
            return c == null ? null : new Route(Strategy.ROUND_ROBIN, List.of(c), true);
        }
        for (String legacy : List.of("providerName", "providerKeyName")) {
            if (f.node(legacy) != null) problems.warn(f.node(legacy), f.path(legacy), "ignored because this route lists candidates");
        }
        Strategy strategy = strategy(f, strategyText);
        if (items.isEmpty()) {
            problems.error(node, path, "candidates must not be empty when strategy provided");
            return null;
        }
        List<Candidate> candidates = new ArrayList<>();
        Set<CandidateId> seen = new HashSet<>();
        boolean valid = true;
        for (int i = 0; i < items.size(); i++) {
            String cpath = f.path("candidates") + "[" + i + "]";
            MappingReader cf = MappingReader.of(items.get(i), cpath, problems);
            if (cf.notAMapping()) {
                valid = false;
                continue;
            }
            cf.warnUnknown(CANDIDATE_KEYS);
            Candidate c = candidate(cf, items.get(i), serviceType, cpath, weight(cf), cf.bool("enabled", true), tags(cf));
            if (c == null) {
                valid = false;
            } else if (!seen.add(c.id())) {
                problems.error(items.get(i), cpath, "candidate " + c.id() + " is listed twice in this route");
                valid = false;
            } else {
                candidates.add(c);
            }
        }
        if (!valid || strategy == null) return null;
        if (candidates.stream().noneMatch(Candidate::enabled)) {
            problems.warn(node, path, "every candidate is disabled: requests for '" + serviceType + "' will get 503");
        }
        return new Route(strategy, candidates, false);
    }

    private Strategy strategy(MappingReader route, String text) {
        String name = text == null || text.isEmpty() ? "round_robin" : text.toLowerCase(Locale.ROOT);
        Strategy s = Strategy.fromConfigName(name);
        if (s == null) {
            problems.error(route.node("strategy"), route.path("strategy"),
                    "unsupported strategy '" + name + "' (use round_robin, weighted_rr, adaptive_rr or sticky_healthy)");
        }
        return s;
    }

    /** Checks a provider/key reference against the providers; null after reporting a problem. */
    private Candidate candidate(MappingReader f, YamlNode at, String serviceType, String path, int weight, boolean enabled, List<String> tags) {
        String providerName = f.string("providerName");
        if (providerName == null || providerName.isEmpty()) {
            if (!f.wrongType("providerName")) problems.error(at, f.path("providerName"), "providerName is required");
            return null;
        }
        Provider provider = null;
        for (Provider p : providers) if (p.name().equals(providerName)) provider = p;
        if (provider == null) {
            problems.error(f.node("providerName"), f.path("providerName"), "provider '" + providerName + "' not defined");
            return null;
        }
        String keyName = f.string("providerKeyName");
        if (keyName == null || keyName.isEmpty()) {
            if (!f.wrongType("providerKeyName")) problems.error(at, f.path("providerKeyName"), "providerKeyName is required");
            return null;
        }
        if (!provider.apiKeys().containsKey(keyName)) {
            // A key value pasted where its name belongs must not be echoed into logs and admin answers.
            boolean isAValue = provider.apiKeys().values().stream().anyMatch(secret -> secret.matches(keyName));
            problems.error(f.node("providerKeyName"), f.path("providerKeyName"), isAValue
                    ? "this is one of provider '" + providerName + "''s key values, not a key name; write the name, e.g. '"
                            + provider.apiKeys().keySet().iterator().next() + "'"
                    : "provider key '" + keyName + "' missing for provider '" + providerName + "'");
            return null;
        }
        if (provider.service(serviceType) == null) {
            problems.error(f.node("providerName"), path, "provider '" + providerName + "' does not expose service '" + serviceType + "'");
            return null;
        }
        return weight < 1 ? null : new Candidate(providerName, keyName, weight, enabled, tags);
    }

    /** A whole number >= 1, default 1; 0 after reporting a problem. */
    private int weight(MappingReader f) {
        YamlNode n = f.node("weight");
        if (n == null || n instanceof YamlScalar s && s.isNull()) return 1;
        if (n instanceof YamlScalar s && s.style() == YamlScalar.Style.PLAIN) {
            try {
                int w = Integer.parseInt(s.value().strip());
                if (w >= 1) return w;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.error(n, f.path("weight"), "weight must be a whole number >= 1 (use enabled: false to take a candidate out)");
        return 0;
    }

    private List<String> tags(MappingReader f) {
        List<String> tags = new ArrayList<>();
        YamlNode n = f.node("tags");
        if (n instanceof YamlScalar s && !s.isNull()) {
            problems.error(n, f.path("tags"), "tags must be a list, e.g. [primary]");
            return tags;
        }
        for (YamlNode item : SequenceReader.items(n, f.path("tags"), problems)) {
            if (item instanceof YamlScalar s) {
                if (!s.isNull() && !s.value().isBlank()) tags.add(s.value().strip());
            } else {
                problems.error(item, f.path("tags"), "each tag must be a single value");
            }
        }
        return tags;
    }
}
