package piapi.admin;

import java.io.IOException;
import java.time.Instant;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedUser;
import piapi.config.RoutingSettings;
import piapi.http.JsonWriter;
import piapi.route.CandidateView;
import piapi.route.HealthView;
import piapi.route.Router;
import piapi.route.RouteView;

/**
 * {@code GET /piadmin/api/routes[?user=<name>][&service=<type>]}: every user's route for every service
 * (users by name, in config order), with its strategy and each candidate's live health. Users are
 * named, never identified by key, and no key appears: candidates show the key's name only, and error
 * texts are stripped of URL queries and keys when they are recorded.
 */
public final class RoutesEndpoint implements AdminEndpoint {
    private final ConfigHolder config;
    private final Router router;

    public RoutesEndpoint(ConfigHolder config, Router router) {
        this.config = config;
        this.router = router;
    }

    @Override
    public void handle(AdminRequest request) throws IOException {
        ConfigSnapshot snapshot = config.current();
        RoutingSettings settings = snapshot.settings().routing();
        String userFilter = request.param("user");
        String serviceFilter = request.param("service");
        JsonWriter w = new JsonWriter(new StringBuilder(4096)).beginObject()
                .field("time", Instant.ofEpochMilli(router.clock().millis()).toString())
                .field("config_generation", snapshot.generation())
                .name("routes").beginArray();
        for (ResolvedUser user : snapshot.users()) {
            if (userFilter != null && !userFilter.equals(user.name())) continue;
            for (ResolvedRoute route : user.routes().values().stream()
                    .sorted((a, b) -> a.serviceType().compareTo(b.serviceType())).toList()) {
                if (serviceFilter != null && !serviceFilter.equals(route.serviceType())) continue;
                write(w, router.describe(route, settings));
            }
        }
        request.json(200, w.endArray().endObject().toString());
    }

    private static void write(JsonWriter w, RouteView route) {
        w.beginObject().field("user", route.user()).field("service_type", route.serviceType())
                .field("strategy", route.strategy().configName())
                .field("session_affinity", route.sessionAffinity()).field("sessions", route.sessions())
                .name("candidates").beginArray();
        for (CandidateView c : route.candidates()) {
            HealthView h = c.health();
            w.beginObject().field("provider", c.id().provider()).field("provider_key", c.id().keyName())
                    .field("weight", c.weight()).field("enabled", c.enabled());
            w.name("tags").beginArray();
            for (String t : c.tags()) w.value(t);
            w.endArray()
                    .field("eligible", c.eligible())
                    .field("current", c.current())
                    .field("state", h.state().label())
                    .field("healthy", h.healthy());
            time(w, "cooldown_until", h.cooldownUntil());
            w.field("cooldown_reason", h.cooldownReason() == null ? null : h.cooldownReason().label())
                    .field("consecutive_failures", h.consecutiveFailures());
            time(w, "unhealthy_since", h.unhealthySince());
            w.field("requests", h.requests()).field("errors", h.errors())
                    .field("error_rate", h.requests() == 0 ? 0 : round((double) h.errors() / h.requests()))
                    .field("recent_error_rate", round(h.recentErrorRate()))
                    .field("effective_weight", round(c.effectiveWeight()))
                    .field("last_status", h.lastStatus());
            time(w, "last_used", h.lastUsed());
            w.field("last_error", h.lastError());
            time(w, "last_error_at", h.lastErrorAt());
            w.endObject();
        }
        w.endArray().endObject();
    }

    private static void time(JsonWriter w, String name, long epochMillis) {
        w.name(name);
        if (epochMillis == 0) {
            w.nullValue();
        } else {
            w.value(Instant.ofEpochMilli(epochMillis).toString());
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
