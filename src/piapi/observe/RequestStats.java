package piapi.observe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;

/**
 * Aggregates over request-log entries: totals, success ratio, latency and time-to-first-byte percentiles,
 * bytes and outcomes, overall and by service type, provider and user. Computed on demand from a
 * snapshot (an admin call), never on the request path.
 */
public final class RequestStats {
    /** Entries grouped under this key when the field is empty (no service, no provider reached, no user known). */
    public static final String NONE = "none";

    private RequestStats() {}

    /** Nearest-rank percentiles in milliseconds; null when there was no observation. */
    public record Percentiles(long count, Double p50, Double p95, Double p99) {}

    /**
     * One group's figures. {@code successRatio} is success / requests (0 to 1), null when empty; success
     * means the outcome was {@code ok} and the status below 400.
     */
    public record Group(long requests, long success, long errors, Double successRatio, Percentiles latencyMs,
                        Percentiles firstByteMs, long bytesIn, long bytesOut, Map<OutcomeLabel, Long> outcomes) {}

    public record Summary(Group total, Map<String, Group> byService, Map<String, Group> byProvider, Map<String, Group> byUser) {}

    public static Summary of(List<FinishedRequest> entries) {
        return new Summary(group(entries), by(entries, FinishedRequest::serviceType), by(entries, FinishedRequest::provider),
                by(entries, FinishedRequest::user));
    }

    private static Map<String, Group> by(List<FinishedRequest> entries, Function<FinishedRequest, String> key) {
        Map<String, List<FinishedRequest>> groups = new TreeMap<>(); // sorted keys: stable output
        for (FinishedRequest e : entries) {
            String k = key.apply(e);
            groups.computeIfAbsent(k == null || k.isEmpty() ? NONE : k, x -> new ArrayList<>()).add(e);
        }
        Map<String, Group> out = new TreeMap<>();
        groups.forEach((k, list) -> out.put(k, group(list)));
        return out;
    }

    static Group group(List<FinishedRequest> entries) {
        long success = 0, bytesIn = 0, bytesOut = 0;
        long[] latency = new long[entries.size()];
        long[] firstByte = new long[entries.size()];
        int firstBytes = 0;
        Map<OutcomeLabel, Long> outcomes = new EnumMap<>(OutcomeLabel.class);
        for (int i = 0; i < entries.size(); i++) {
            FinishedRequest e = entries.get(i);
            if (e.success()) success++;
            bytesIn += e.bytesIn();
            bytesOut += e.bytesOut();
            latency[i] = e.totalNanos();
            if (e.firstByteNanos() >= 0) firstByte[firstBytes++] = e.firstByteNanos();
            outcomes.merge(e.outcome(), 1L, Long::sum);
        }
        int n = entries.size();
        return new Group(n, success, n - success, n == 0 ? null : (double) success / n, percentiles(latency, n),
                percentiles(firstByte, firstBytes), bytesIn, bytesOut, outcomes);
    }

    static Percentiles percentiles(long[] nanos, int n) {
        if (n == 0) return new Percentiles(0, null, null, null);
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return new Percentiles(n, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99));
    }

    /** Nearest rank: the smallest value with at least p of the observations at or below it. */
    private static Double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return Math.round(sorted[Math.max(0, index)] / 1e3) / 1e3;
    }
}
