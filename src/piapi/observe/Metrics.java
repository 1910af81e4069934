package piapi.observe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gateway's metric families (an instance, never a static registry, so several gateways can run
 * in one JVM). Families are registered at startup by the features that own them; {@link #render()}
 * writes the Prometheus text without blocking anyone who is counting.
 */
public final class Metrics {
    private final Map<String, Family<?>> families = new ConcurrentHashMap<>();

    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, List.of(labelNames)));
    }

    public Gauge gauge(String name, String help, String... labelNames) {
        return register(new Gauge(name, help, List.of(labelNames)));
    }

    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return register(new Histogram(name, help, buckets, List.of(labelNames)));
    }

    private <F extends Family<?>> F register(F family) {
        if (families.putIfAbsent(family.name(), family) != null) {
            throw new IllegalStateException("metric " + family.name() + " is registered twice");
        }
        return family;
    }

    /** The family with this name, or null. */
    public Family<?> family(String name) {
        return families.get(name);
    }

    /** Total number of series across all families (for cardinality checks). */
    public int seriesCount() {
        int n = 0;
        for (Family<?> f : families.values()) n += f.seriesCount();
        return n;
    }

    public String render() {
        StringBuilder sb = new StringBuilder(16 * 1024);
        PrometheusText.write(sb, List.copyOf(families.values()));
        return sb.toString();
    }
}
