package piapi.observe;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piapi.config.ConfigSnapshot;
import piapi.config.Provider;
import piapi.config.ServiceEndpoint;
import piapi.config.User;
import piapi.http.OutcomeLabel;

/**
 * The request metrics' series for one config, looked up once at load so that counting a request costs
 * two map lookups and a few adder increments. Label values come only from the config (service types,
 * provider names, user names) or are fixed words; everything else counts under {@code unknown}.
 */
final class SeriesTable {
    static final String UNKNOWN = "unknown";
    /** Index = status / 100 - 1; the last is for no status sent (the client left before the headers). */
    static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", "none");

    /** Every series of one service type. */
    record Service(Counter.Child[] byStatusClass, Counter.Child[] byOutcome, Histogram.Child latency,
                   Histogram.Child overhead, Counter.Child bytesIn, Counter.Child bytesOut,
                   Map<String, Histogram.Child> firstByteByProvider, Histogram.Child firstByteUnknown) {
        Histogram.Child firstByte(String provider) {
            Histogram.Child c = firstByteByProvider.get(provider);
            return c != null ? c : firstByteUnknown;
        }
    }

    final Map<String, Service> services;
    final Service unknown;
    /** user name -> service type (and {@code unknown}) -> one child per status class; empty when per-user series are off. */
    final Map<String, Map<String, Counter.Child[]>> perUser;

    private SeriesTable(Map<String, Service> services, Service unknown, Map<String, Map<String, Counter.Child[]>> perUser) {
        this.services = services;
        this.unknown = unknown;
        this.perUser = perUser;
    }

    Service service(String type) {
        Service s = services.get(type);
        return s != null ? s : unknown;
    }

    static int statusClass(int status) {
        return status >= 100 && status < 600 ? status / 100 - 1 : STATUS_CLASSES.size() - 1;
    }

    /** Creates (or finds) the series for this config, and drops those of service types, providers and users it no longer has. */
    static SeriesTable build(RequestMetrics.Families f, ConfigSnapshot snapshot) {
        Map<String, Set<String>> providersByService = new HashMap<>();
        for (Provider p : snapshot.config().providers()) {
            for (ServiceEndpoint e : p.services()) providersByService.computeIfAbsent(e.type(), k -> new LinkedHashSet<>()).add(p.name());
        }
        for (User u : snapshot.config().users()) {
            for (String type : u.services().keySet()) providersByService.computeIfAbsent(type, k -> new LinkedHashSet<>());
        }
        providersByService.remove(UNKNOWN); // a service really named "unknown" shares the unknown series
        Map<String, Service> services = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : providersByService.entrySet()) services.put(e.getKey(), service(f, e.getKey(), e.getValue()));
        Service unknown = service(f, UNKNOWN, Set.of());

        Map<String, Map<String, Counter.Child[]>> perUser = new HashMap<>();
        if (snapshot.settings().metrics().perUser()) {
            for (User u : snapshot.config().users()) {
                if (u.name().isEmpty() || u.name().equals(UNKNOWN)) continue;
                Map<String, Counter.Child[]> byService = new HashMap<>();
                for (String type : u.services().keySet()) byService.put(type, classes(f.userRequests(), u.name(), type));
                byService.put(UNKNOWN, classes(f.userRequests(), u.name(), UNKNOWN));
                perUser.put(u.name(), Map.copyOf(byService));
            }
        }
        prune(f, services.keySet(), providersByService, perUser);
        return new SeriesTable(Map.copyOf(services), unknown, Map.copyOf(perUser));
    }

    private static Service service(RequestMetrics.Families f, String type, Set<String> providers) {
        Map<String, Histogram.Child> firstByte = new HashMap<>();
        for (String p : providers) if (!p.equals(UNKNOWN)) firstByte.put(p, f.firstByte().labels(type, p));
        OutcomeLabel[] outcomes = OutcomeLabel.values();
        Counter.Child[] byOutcome = new Counter.Child[outcomes.length];
        for (OutcomeLabel o : outcomes) byOutcome[o.ordinal()] = f.outcomes().labels(type, o.label());
        return new Service(classes(f.requests(), type), byOutcome, f.latency().labels(type), f.overhead().labels(type),
                f.requestBytes().labels(type), f.responseBytes().labels(type), Map.copyOf(firstByte), f.firstByte().labels(type, UNKNOWN));
    }

    private static Counter.Child[] classes(Counter family, String... leading) {
        Counter.Child[] out = new Counter.Child[STATUS_CLASSES.size()];
        String[] labels = java.util.Arrays.copyOf(leading, leading.length + 1);
        for (int i = 0; i < out.length; i++) {
            labels[leading.length] = STATUS_CLASSES.get(i);
            out[i] = family.labels(labels);
        }
        return out;
    }

    private static void prune(RequestMetrics.Families f, Set<String> types, Map<String, Set<String>> providersByService,
                              Map<String, Map<String, Counter.Child[]>> perUser) {
        Set<String> keep = new HashSet<>(types);
        keep.add(UNKNOWN);
        for (Family<?> family : List.of(f.requests(), f.outcomes(), f.latency(), f.overhead(), f.requestBytes(), f.responseBytes())) {
            family.removeIf(labels -> !keep.contains(labels.get(0)));
        }
        f.firstByte().removeIf(labels -> {
            String type = labels.get(0);
            String provider = labels.get(1);
            if (provider.equals(UNKNOWN)) return !keep.contains(type);
            Set<String> providers = providersByService.get(type);
            return providers == null || !providers.contains(provider);
        });
        f.userRequests().removeIf(labels -> {
            Map<String, Counter.Child[]> byService = perUser.get(labels.get(0));
            return byService == null || !byService.containsKey(labels.get(1));
        });
    }
}
