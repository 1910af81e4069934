package piapi.admin;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import piapi.http.JsonWriter;
import piapi.observe.Gauge;
import piapi.observe.Metrics;
import piapi.observe.MinuteSeries;

/**
 * {@code GET /series}: the dashboard's chart and live counters in one answer: proxied requests, errors
 * and p95 latency and time to first byte for each of the last 60 minutes (oldest first, the current
 * minute last), plus the requests in flight and the event streams being relayed now.
 */
public final class SeriesEndpoint implements AdminEndpoint {
    private final MinuteSeries series;
    private final Metrics metrics;
    private final Clock clock;

    public SeriesEndpoint(MinuteSeries series, Metrics metrics, Clock clock) {
        this.series = series;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(AdminRequest r) throws IOException {
        JsonWriter w = new JsonWriter(new StringBuilder(4096)).beginObject().field("now", Instant.ofEpochMilli(clock.millis()).toString())
                .field("minute_seconds", 60).field("in_flight", gauge("piapi_requests_in_flight"))
                .field("active_streams", gauge("piapi_active_streams")).name("points").beginArray();
        for (MinuteSeries.Point p : series.lastHour()) {
            w.beginObject().field("time", Instant.ofEpochMilli(p.startMillis()).toString()).field("requests", p.requests())
                    .field("errors", p.errors());
            nullable(w, "latency_p95_ms", p.latencyP95Ms());
            nullable(w, "ttfb_p95_ms", p.firstByteP95Ms());
            w.endObject();
        }
        r.json(200, w.endArray().endObject().toString());
    }

    private long gauge(String name) {
        return metrics.family(name) instanceof Gauge g ? Math.round(g.labels().value()) : 0;
    }

    private static void nullable(JsonWriter w, String name, Double v) {
        w.name(name);
        if (v == null) w.nullValue(); else w.value(v.doubleValue());
    }
}
