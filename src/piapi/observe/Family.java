package piapi.observe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A metric family: a name, help, type, label names, and one child per combination of label values.
 * Callers must pass bounded label values only (configured names, fixed words); piapi never labels by
 * a key, a raw path, or anything else a client controls.
 */
public abstract sealed class Family<C> permits Counter, Gauge, Histogram {
    private final String name;
    private final String help;
    private final String type;
    private final List<String> labelNames;
    private final Map<List<String>, C> children = new ConcurrentHashMap<>();

    Family(String name, String help, String type, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.type = type;
        this.labelNames = List.copyOf(labelNames);
    }

    public String name() {
        return name;
    }

    String help() {
        return help;
    }

    String type() {
        return type;
    }

    List<String> labelNames() {
        return labelNames;
    }

    abstract C newChild();

    abstract void writeSeries(PrometheusText out, List<String> labelValues, C child);

    /** The series for these label values (one per label name, in order), created on first use. */
    public C labels(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes " + labelNames.size() + " label values, got " + values.length);
        }
        List<String> key = List.of(values);
        C child = children.get(key);
        return child != null ? child : children.computeIfAbsent(key, k -> newChild());
    }

    /** Drops the series for these label values (e.g. a provider removed from the config). */
    public void remove(String... values) {
        children.remove(List.of(values));
    }

    /**
     * Drops the series whose label values (in label-name order) match, e.g. those of a service type
     * that left the config, so the exposition follows the current config instead of its history.
     */
    public void removeIf(Predicate<List<String>> labelValues) {
        children.keySet().removeIf(labelValues);
    }

    /** Drops every series (gauges recomputed from scratch, e.g. health after a reload). */
    public void clear() {
        children.clear();
    }

    int seriesCount() {
        return children.size();
    }

    Map<List<String>, C> children() {
        return children;
    }
}
