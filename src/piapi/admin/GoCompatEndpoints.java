package piapi.admin;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.config.Provider;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedUser;
import piapi.config.ServiceEndpoint;
import piapi.http.JsonWriter;
import piapi.observe.Events;
import piapi.observe.Redaction;
import piapi.observe.RequestLog;
import piapi.http.FinishedRequest;
import piapi.route.CandidateView;
import piapi.route.HealthView;
import piapi.route.Router;

/**
 * The Go version's admin read paths, with its JSON shapes, for scripts written against it:
 * {@code GET /stats/routes?user=<name>&service=<type>} (a candidate array), {@code GET /dashboard/logs}
 * and {@code GET /dashboard/stats}. The Go form {@code /stats/routes?apiKey=<user key>} still works but
 * is logged as deprecated (a key in a URL ends up in proxies' logs and shell history); the key itself
 * is never logged. Unlike Go, upstream URLs have their query values redacted and {@code limit} is capped.
 */
public final class GoCompatEndpoints {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final int STATS_ENTRIES = 10_000;

    private final ConfigHolder holder;
    private final Router router;
    private final RequestLog log;
    private final Events events;

    private GoCompatEndpoints(ConfigHolder holder, Router router, RequestLog log, Events events) {
        this.holder = holder;
        this.router = router;
        this.log = log;
        this.events = events;
    }

    public static void register(AdminApi api, ConfigHolder holder, Router router, RequestLog log, Events events) {
        GoCompatEndpoints e = new GoCompatEndpoints(holder, router, log, events);
        api.on("GET", "/stats/routes", e::routeStats).on("GET", "/dashboard/logs", e::logs).on("GET", "/dashboard/stats", e::stats);
    }

    private void routeStats(AdminRequest r) throws IOException {
        ConfigSnapshot snapshot = holder.current();
        String name = trimmed(r.param("user"));
        String key = trimmed(r.param("apiKey"));
        String service = trimmed(r.param("service"));
        if (name == null && key == null) {
            r.error(400, "bad_request", "user required: /stats/routes?user=<name>&service=<type>");
            return;
        }
        if (service == null) {
            r.error(400, "bad_request", "service type required");
            return;
        }
        ResolvedUser user = name != null ? byName(snapshot, name) : snapshot.user(key);
        if (key != null && name == null) {
            events.warn("admin_deprecated_parameter", "endpoint", "/piadmin/api/stats/routes", "parameter", "apiKey",
                    "request_id", r.requestId(), "instead", "user=<name>", "found", user != null);
        }
        if (user == null) {
            r.error(404, "not_found", name != null ? "no user named '" + name + "'" : "user api key not found");
            return;
        }
        ResolvedRoute route = user.routes().get(service);
        if (route == null) {
            r.error(404, "not_found", "service type not found for user '" + user.name() + "'");
            return;
        }
        JsonWriter w = new JsonWriter(new StringBuilder(1024)).beginArray();
        for (CandidateView c : router.describe(route, snapshot.settings().routing()).candidates()) candidate(w, c);
        r.json(200, w.endArray().toString());
    }

    private static ResolvedUser byName(ConfigSnapshot s, String name) {
        for (ResolvedUser u : s.users()) if (u.name().equals(name)) return u;
        return null;
    }

    private static void candidate(JsonWriter w, CandidateView c) {
        HealthView h = c.health();
        w.beginObject().field("provider_name", c.id().provider()).field("provider_key_name", c.id().keyName())
                .field("weight", c.weight()).field("enabled", c.enabled()).field("healthy", c.enabled() && h.healthy());
        if (h.cooldownUntil() != 0) w.field("unhealthy_until", Instant.ofEpochMilli(h.cooldownUntil()).toString());
        w.field("total_requests", h.requests()).field("total_errors", h.errors())
                .field("error_rate", h.requests() == 0 ? 0 : (double) h.errors() / h.requests());
        if (h.recentErrorRate() != 0) w.field("smoothed_error_rate", h.recentErrorRate());
        w.field("effective_weight", c.effectiveWeight()).field("last_status", h.lastStatus());
        if (!h.lastError().isEmpty()) w.field("last_error", h.lastError());
        w.field("last_updated", h.lastUsed() == 0 ? ZERO_TIME : Instant.ofEpochMilli(h.lastUsed()).toString());
        if (!c.tags().isEmpty()) {
            w.name("tags").beginArray();
            for (String t : c.tags()) w.value(t);
            w.endArray();
        }
        w.endObject();
    }

    private void logs(AdminRequest r) throws IOException {
        String provider = trimmed(r.param("provider"));
        String user = trimmed(r.param("user"));
        String service = trimmed(r.param("service"));
        int limit = limit(r.param("limit"));
        List<FinishedRequest> entries = log.query(e -> (provider == null || provider.equals(e.provider()))
                && (user == null || user.equals(e.user())) && (service == null || service.equals(e.serviceType())), limit);
        JsonWriter w = new JsonWriter(new StringBuilder(256 + entries.size() * 300)).beginObject().name("logs").beginArray();
        for (FinishedRequest e : entries) {
            w.beginObject().field("timestamp", Instant.ofEpochMilli(e.startMillis()).toString()).field("request_id", e.id())
                    .field("user", e.user()).field("service_type", e.serviceType()).field("provider", e.provider())
                    .field("provider_key", e.keyName()).field("method", e.method()).field("path", e.path())
                    .field("upstream_url", e.upstreamUrl() == null ? "" : Redaction.url(e.upstreamUrl()))
                    .field("status_code", e.status()).field("latency_ms", e.totalNanos() / 1_000_000);
            if (!e.error().isEmpty()) w.field("error", Redaction.urlsIn(e.error()));
            w.endObject();
        }
        r.json(200, w.endArray().field("count", entries.size()).endObject().toString());
    }

    /** Go: a whole number above 0, else 100. Unlike Go, at most {@link RequestLogEndpoints#MAX_LIMIT}. */
    private static int limit(String text) {
        try {
            int n = Integer.parseInt(text == null ? "" : text.strip());
            return n > 0 ? Math.min(n, RequestLogEndpoints.MAX_LIMIT) : RequestLogEndpoints.DEFAULT_LIMIT;
        } catch (NumberFormatException e) {
            return RequestLogEndpoints.DEFAULT_LIMIT;
        }
    }

    private void stats(AdminRequest r) throws IOException {
        ConfigSnapshot s = holder.current();
        List<FinishedRequest> all = log.newestFirst();
        List<FinishedRequest> entries = all.size() > STATS_ENTRIES ? all.subList(0, STATS_ENTRIES) : all;
        JsonWriter w = new JsonWriter(new StringBuilder(2048)).beginObject().name("request_stats");
        requestStats(w, entries);
        w.name("providers").beginArray();
        for (Provider p : s.config().providers()) w.value(p.name());
        w.endArray().name("users").beginArray();
        for (ResolvedUser u : s.users()) w.value(u.name());
        w.endArray().name("service_types").beginArray();
        TreeSet<String> types = new TreeSet<>();
        for (Provider p : s.config().providers()) for (ServiceEndpoint e : p.services()) types.add(e.type());
        for (String t : types) w.value(t);
        r.json(200, w.endArray().endObject().toString());
    }

    private static void requestStats(JsonWriter w, List<FinishedRequest> entries) {
        w.beginObject().field("total_requests", entries.size());
        if (entries.isEmpty()) {
            w.field("success_rate", 0.0).field("avg_latency_ms", 0.0).field("error_count", 0);
        } else {
            long success = 0, errors = 0, latency = 0;
            for (FinishedRequest e : entries) {
                if (e.status() >= 200 && e.status() < 400) success++;
                if (!e.error().isEmpty() || e.status() >= 400) errors++;
                latency += e.totalNanos() / 1_000_000;
            }
            w.field("success_count", success).field("success_rate", success * 100.0 / entries.size())
                    .field("avg_latency_ms", (double) latency / entries.size()).field("error_count", errors);
        }
        dimension(w, "by_service", entries, FinishedRequest::serviceType);
        dimension(w, "by_provider", entries, FinishedRequest::provider);
        dimension(w, "by_user", entries, FinishedRequest::user);
        w.endObject();
    }

    private static void dimension(JsonWriter w, String name, List<FinishedRequest> entries,
                                  java.util.function.Function<FinishedRequest, String> key) {
        Map<String, long[]> groups = new TreeMap<>(); // sorted keys, as Go's JSON encoder writes maps
        for (FinishedRequest e : entries) {
            long[] g = groups.computeIfAbsent(key.apply(e), k -> new long[3]);
            g[0]++;
            if (e.status() >= 200 && e.status() < 400) g[1]++; else g[2]++;
        }
        w.name(name).beginObject();
        groups.forEach((k, g) -> w.name(k).beginObject().field("total", g[0]).field("success", g[1]).field("error", g[2]).endObject());
        w.endObject();
    }

    private static String trimmed(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}
