package piapi.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link StreamLoad} run reported: streams intact, answered 200 and refused with 503, events
 * received, the events' delays in milliseconds, and the other ways streams ended.
 */
record StreamResult(int streams, int intact, int answered, int refused, long events, double meanMs, double p50Ms, double p99Ms,
                    double maxMs, List<String> otherOutcomes) {
    static StreamResult parse(List<String> lines) {
        Map<String, Long> v = new HashMap<>();
        List<String> others = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("OUTCOME ")) others.add(line.substring(8));
            if (!line.startsWith("RESULT ")) continue;
            for (String kv : line.substring(7).trim().split(" ")) {
                int eq = kv.indexOf('=');
                v.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            }
        }
        if (v.isEmpty()) {
            others.add("the load generator reported nothing: " + String.join(" | ", lines));
            return new StreamResult(0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, others);
        }
        return new StreamResult(v.get("streams").intValue(), v.get("intact").intValue(), v.get("answered").intValue(),
                v.get("refused").intValue(), v.get("events"), v.get("mean_us") / 1000.0, v.get("p50_us") / 1000.0,
                v.get("p99_us") / 1000.0, v.get("max_us") / 1000.0, others);
    }
}
