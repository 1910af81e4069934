package piapi.admin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import piapi.http.JsonWriter;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;
import piapi.observe.Redaction;
import piapi.observe.RequestLog;
import piapi.observe.RequestStats;
import piapi.observe.UsageFields;

/**
 * {@code GET /logs} (recent requests, newest first) and {@code GET /stats} (aggregates over a window),
 * both read from the {@link RequestLog}. Unknown parameters are refused, so a typo cannot silently
 * widen a filter. Entries carry names only; the upstream URL has its query values redacted.
 */
public final class RequestLogEndpoints {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> FILTERS = Set.of("user", "service", "provider", "request_id", "status", "outcome", "since");

    private final RequestLog log;
    private final Clock clock;

    private RequestLogEndpoints(RequestLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public static void register(AdminApi api, RequestLog log, Clock clock) {
        RequestLogEndpoints endpoints = new RequestLogEndpoints(log, clock);
        api.on("GET", "/logs", endpoints::logs);
        api.on("GET", "/stats", endpoints::stats);
    }

    void logs(AdminRequest r) throws IOException {
        LogFilter filter;
        int limit;
        try {
            checkParams(r, "limit");
            filter = LogFilter.parse(r, clock);
            limit = limit(LogFilter.text(r, "limit"));
        } catch (LogFilter.BadParam e) {
            r.error(400, "bad_request", e.getMessage());
            return;
        }
        List<FinishedRequest> entries = log.query(filter, limit);
        JsonWriter w = new JsonWriter(new StringBuilder(256 + entries.size() * 400)).beginObject().name("logs").beginArray();
        for (FinishedRequest e : entries) entry(w, e);
        w.endArray().field("count", entries.size()).field("limit", limit).field("stored", log.stored())
                .field("capacity", log.capacity());
        r.json(200, w.endObject().toString());
    }

    void stats(AdminRequest r) throws IOException {
        LogFilter filter;
        Duration window;
        try {
            checkParams(r, "window");
            filter = LogFilter.parse(r, clock);
            String w = LogFilter.text(r, "window");
            window = w == null ? null : LogFilter.duration(w);
            if (w != null && window == null) throw new LogFilter.BadParam("window must be a duration such as 15m, 1h or 24h");
            if (window != null && LogFilter.text(r, "since") != null) throw new LogFilter.BadParam("give since or window, not both");
        } catch (LogFilter.BadParam e) {
            r.error(400, "bad_request", e.getMessage());
            return;
        }
        long now = clock.millis();
        if (window != null) filter = filter.since(now - window.toMillis());
        List<FinishedRequest> all = log.newestFirst();
        List<FinishedRequest> matched = all.stream().filter(filter).toList();
        RequestStats.Summary s = RequestStats.of(matched);
        JsonWriter w = new JsonWriter(new StringBuilder(1024)).beginObject();
        nullable(w, "window_seconds", window == null ? null : window.toMillis() / 1e3);
        w.name("since");
        if (filter.sinceMillis() == Long.MIN_VALUE) w.nullValue(); else w.value(Instant.ofEpochMilli(filter.sinceMillis()).toString());
        w.field("now", Instant.ofEpochMilli(now).toString()).field("stored", log.stored()).field("capacity", log.capacity());
        w.name("oldest");
        if (all.isEmpty()) w.nullValue(); else w.value(Instant.ofEpochMilli(oldestStart(all)).toString());
        // Requests older than the oldest kept were pushed out: a window reaching further back is incomplete.
        w.field("complete", log.covers(filter.sinceMillis()));
        group(w.name("total"), s.total());
        groups(w, "by_service", s.byService());
        groups(w, "by_provider", s.byProvider());
        groups(w, "by_user", s.byUser());
        r.json(200, w.endObject().toString());
    }

    private static long oldestStart(List<FinishedRequest> all) {
        long oldest = Long.MAX_VALUE;
        for (FinishedRequest e : all) oldest = Math.min(oldest, e.startMillis());
        return oldest;
    }

    private static void checkParams(AdminRequest r, String extra) throws LogFilter.BadParam {
        for (String name : r.paramNames()) {
            if (!FILTERS.contains(name) && !name.equals(extra)) {
                Set<String> allowed = new TreeSet<>(FILTERS);
                allowed.add(extra);
                // the name is repeated only when it looks like a parameter name, never when it could be a pasted key
                String shown = name.matches("[A-Za-z_]{1,32}") ? " '" + name + "'" : "";
                throw new LogFilter.BadParam("unknown parameter" + shown + "; use " + String.join(", ", allowed));
            }
        }
    }

    private static int limit(String text) throws LogFilter.BadParam {
        if (text == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) return Math.min(n, MAX_LIMIT);
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LogFilter.BadParam("limit must be a whole number from 1 (at most " + MAX_LIMIT + " are returned)");
    }

    /** The same fields as the access-log line, usage included. */
    static void entry(JsonWriter w, FinishedRequest e) {
        w.beginObject()
                .field("time", Instant.ofEpochMilli(e.startMillis()).toString())
                .field("request_id", e.id())
                .field("method", e.method())
                .field("path", e.path())
                .field("client", e.client().toString())
                .field("user", e.user())
                .field("service_type", e.serviceType())
                .field("provider", e.provider())
                .field("provider_key", e.keyName());
        if (e.upstreamUrl() != null) w.field("upstream_url", Redaction.url(e.upstreamUrl()));
        w.field("upstream_status", e.upstreamStatus())
                .field("status", e.status())
                .field("bytes_in", e.bytesIn())
                .field("bytes_out", e.bytesOut())
                .field("ttfb_ms", e.firstByteNanos() < 0 ? -1 : millis(e.firstByteNanos()))
                .field("duration_ms", millis(e.totalNanos()))
                .field("attempts", e.attempts())
                .field("outcome", e.outcome().label());
        UsageFields.json(w, e);
        if (!e.error().isEmpty()) w.field("error", Redaction.urlsIn(e.error()));
        w.endObject();
    }

    private static void groups(JsonWriter w, String name, Map<String, RequestStats.Group> groups) {
        w.name(name).beginObject();
        groups.forEach((k, g) -> group(w.name(k), g));
        w.endObject();
    }

    private static void group(JsonWriter w, RequestStats.Group g) {
        w.beginObject().field("requests", g.requests()).field("success", g.success()).field("errors", g.errors());
        nullable(w, "success_ratio", g.successRatio() == null ? null : Math.round(g.successRatio() * 1e4) / 1e4);
        percentiles(w, "latency_ms", g.latencyMs());
        percentiles(w, "ttfb_ms", g.firstByteMs());
        w.field("bytes_in", g.bytesIn()).field("bytes_out", g.bytesOut());
        w.name("outcomes").beginObject();
        for (OutcomeLabel o : OutcomeLabel.values()) w.field(o.label(), g.outcomes().getOrDefault(o, 0L));
        w.endObject().endObject();
    }

    private static void percentiles(JsonWriter w, String name, RequestStats.Percentiles p) {
        w.name(name).beginObject().field("count", p.count());
        nullable(w, "p50", p.p50());
        nullable(w, "p95", p.p95());
        nullable(w, "p99", p.p99());
        w.endObject();
    }

    private static void nullable(JsonWriter w, String name, Double v) {
        w.name(name);
        if (v == null) w.nullValue(); else w.value(v.doubleValue());
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
