package piapi.observe;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import piapi.config.ConfigSnapshot;
import piapi.config.Provider;
import piapi.config.ResolvedCandidate;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedUser;
import piapi.config.ServiceEndpoint;
import piapi.http.FinishedRequest;
import piapi.usage.MeterIssue;
import piapi.usage.Usage;

/**
 * Token usage as metrics, from each finished proxied request: {@code piapi_tokens_total{service_type,provider,kind}}
 * and, with {@code metrics.perUser: true}, {@code piapi_user_tokens_total{user,service_type,provider,kind}} (a family
 * of its own, as {@code piapi_user_requests_total} is, because a family's labels cannot change with a reload); and
 * {@code piapi_usage_meter_issues_total{issue}}. Series are made once per config from its service types, providers
 * and users (the provider of an answer outside them counts under {@code unknown}), so counting is map lookups and
 * adder increments. Counts a provider did not report add nothing.
 */
public final class TokenMetrics implements Consumer<FinishedRequest> {
    /** The {@code kind} label values, in the order {@link #add} reads them. */
    static final List<String> KINDS = List.of("input", "output", "cache_read", "cache_write_5m", "cache_write_1h", "reasoning");
    private static final String UNKNOWN = SeriesTable.UNKNOWN;

    private final Counter tokens;
    private final Counter userTokens;
    private final Counter.Child[] issues;
    private volatile Table table;

    /** One config's series: service type -> provider -> one child per kind; the same under each user when per-user. */
    private record Table(Map<String, Map<String, Counter.Child[]>> byService, Map<String, Map<String, Map<String, Counter.Child[]>>> byUser) {}

    public TokenMetrics(Metrics m) {
        tokens = m.counter("piapi_tokens_total",
                "Tokens of proxied requests as their providers reported them, by service type, provider and kind "
                        + "(input includes cache reads and writes; output includes reasoning).", "service_type", "provider", "kind");
        userTokens = m.counter("piapi_user_tokens_total",
                "Tokens of proxied requests per user name (only with metrics.perUser: true), by service type, provider and kind.",
                "user", "service_type", "provider", "kind");
        Counter issueFamily = m.counter("piapi_usage_meter_issues_total",
                "Answers whose usage could not be read whole, by why (unsupported_encoding, corrupt_encoding, inflate_limit, "
                        + "model_too_long, nesting_too_deep).", "issue");
        MeterIssue[] all = MeterIssue.values();
        issues = new Counter.Child[all.length];
        for (MeterIssue i : all) issues[i.ordinal()] = issueFamily.labels(i.label());
    }

    /** Follows the config: series for its service types, providers and (when per-user) users; call once with the first. */
    public void configChanged(ConfigSnapshot snapshot) {
        Map<String, Set<String>> providers = providersByService(snapshot);
        Map<String, Map<String, Counter.Child[]>> byService = children(tokens, null, providers);
        Map<String, Map<String, Map<String, Counter.Child[]>>> byUser = new HashMap<>();
        if (snapshot.settings().metrics().perUser()) {
            for (ResolvedUser u : snapshot.users()) {
                if (u.name().isEmpty() || u.name().equals(UNKNOWN)) continue;
                Map<String, Set<String>> own = new HashMap<>();
                for (ResolvedRoute r : u.routes().values()) {
                    Set<String> names = own.computeIfAbsent(r.serviceType(), k -> new LinkedHashSet<>());
                    for (ResolvedCandidate c : r.upstreams()) names.add(c.id().provider());
                }
                byUser.put(u.name(), children(userTokens, u.name(), own));
            }
        }
        tokens.removeIf(labels -> !has(byService, labels.get(0), labels.get(1)));
        userTokens.removeIf(labels -> !byUser.containsKey(labels.get(0)) || !has(byUser.get(labels.get(0)), labels.get(1), labels.get(2)));
        table = new Table(byService, Map.copyOf(byUser));
    }

    @Override
    public void accept(FinishedRequest r) {
        if (!r.proxied()) return;
        for (MeterIssue i : r.usage().reading().issues()) issues[i.ordinal()].inc();
        Usage u = r.usage().usage();
        Table t = table;
        if (t == null || !u.known()) return;
        add(find(t.byService(), r.serviceType(), r.provider()), u);
        if (!t.byUser().isEmpty() && !r.user().isEmpty()) {
            Map<String, Map<String, Counter.Child[]>> own = t.byUser().get(r.user());
            if (own != null) add(find(own, r.serviceType(), r.provider()), u);
        }
    }

    private static void add(Counter.Child[] kinds, Usage u) {
        addIfReported(kinds[0], u.input());
        addIfReported(kinds[1], u.output());
        addIfReported(kinds[2], u.cacheRead());
        addIfReported(kinds[3], u.cacheWrite5m());
        addIfReported(kinds[4], u.cacheWrite1h());
        addIfReported(kinds[5], u.reasoning());
    }

    private static void addIfReported(Counter.Child c, long n) {
        if (n > 0) c.add(n);
    }

    private static Counter.Child[] find(Map<String, Map<String, Counter.Child[]>> byService, String service, String provider) {
        Map<String, Counter.Child[]> byProvider = byService.get(service);
        if (byProvider == null) byProvider = byService.get(UNKNOWN);
        Counter.Child[] c = byProvider.get(provider);
        return c != null ? c : byProvider.get(UNKNOWN);
    }

    private static boolean has(Map<String, Map<String, Counter.Child[]>> byService, String service, String provider) {
        Map<String, Counter.Child[]> byProvider = byService.get(service);
        return byProvider != null && byProvider.containsKey(provider);
    }

    /** Every service type a provider offers, with those providers; the user routes' service types too. */
    private static Map<String, Set<String>> providersByService(ConfigSnapshot snapshot) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Provider p : snapshot.config().providers()) {
            for (ServiceEndpoint e : p.services()) out.computeIfAbsent(e.type(), k -> new LinkedHashSet<>()).add(p.name());
        }
        for (ResolvedUser u : snapshot.users()) for (String type : u.routes().keySet()) out.computeIfAbsent(type, k -> new LinkedHashSet<>());
        return out;
    }

    /** The children of {@code family} for these service types and providers, each with an {@code unknown} provider, plus an unknown service. */
    private static Map<String, Map<String, Counter.Child[]>> children(Counter family, String user, Map<String, Set<String>> providers) {
        Map<String, Map<String, Counter.Child[]>> out = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : providers.entrySet()) {
            if (e.getKey().equals(UNKNOWN)) continue;
            Map<String, Counter.Child[]> byProvider = new HashMap<>();
            for (String p : e.getValue()) if (!p.equals(UNKNOWN)) byProvider.put(p, kinds(family, user, e.getKey(), p));
            byProvider.put(UNKNOWN, kinds(family, user, e.getKey(), UNKNOWN));
            out.put(e.getKey(), Map.copyOf(byProvider));
        }
        out.put(UNKNOWN, Map.of(UNKNOWN, kinds(family, user, UNKNOWN, UNKNOWN)));
        return Map.copyOf(out);
    }

    private static Counter.Child[] kinds(Counter family, String user, String service, String provider) {
        Counter.Child[] out = new Counter.Child[KINDS.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = user == null ? family.labels(service, provider, KINDS.get(i)) : family.labels(user, service, provider, KINDS.get(i));
        }
        return out;
    }
}
