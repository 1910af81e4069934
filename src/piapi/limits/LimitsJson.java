package piapi.limits;

import java.time.Instant;
import java.util.List;
import piapi.http.JsonWriter;

/**
 * The limiter's views as JSON: {@code GET /piadmin/api/limits}, the body of {@code GET /me/usage}, and the
 * fields a refusal's error envelope carries. Cost amounts are dollars (exact decimals of the nano-dollars);
 * {@code used} may pass {@code max} by one request's size, {@code remaining} never goes below 0.
 */
public final class LimitsJson {
    private LimitsJson() {}

    /** {@code {"users":[{"user":"alice","limits":[{"limit":"requests_per_minute","scope":"user","used":3,"max":60,...}]}]}} */
    public static String users(List<UserLimitsView> views, String timezone) {
        JsonWriter w = new JsonWriter(new StringBuilder(256 + views.size() * 400)).beginObject().field("timezone", timezone)
                .name("users").beginArray();
        for (UserLimitsView v : views) {
            w.beginObject().field("user", v.user());
            totals(w, v);
            limits(w, v);
            w.endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** One user's own view: today's and this month's usage, and every limit with what remains and when it resets. */
    public static String me(UserLimitsView v) {
        JsonWriter w = new JsonWriter(new StringBuilder(512)).beginObject().field("user", v.user()).field("timezone", v.timezone())
                .field("now", v.now().toString());
        totals(w, v);
        limits(w, v);
        return w.endObject().toString();
    }

    private static void totals(JsonWriter w, UserLimitsView v) {
        w.name("today").beginObject().field("day", v.day().toString()).field("requests", v.requestsToday())
                .field("tokens", v.tokensToday()).name("cost_usd").rawValue(Refusal.dollars(v.costTodayNanos())).endObject();
        w.name("month").beginObject().field("month", v.day().toString().substring(0, 7)).field("tokens", v.tokensMonth())
                .name("cost_usd").rawValue(Refusal.dollars(v.costMonthNanos())).endObject();
        w.field("in_progress", v.inProgress());
    }

    private static void limits(JsonWriter w, UserLimitsView v) {
        w.name("limits").beginArray();
        for (LimitStatus s : v.limits()) limit(w, s, v.now());
        w.endArray();
    }

    static void limit(JsonWriter w, LimitStatus s, Instant now) {
        w.beginObject().field("limit", s.limit().label()).field("scope", s.scope());
        amount(w, "used", s.limit(), s.used());
        amount(w, "max", s.limit(), s.max());
        amount(w, "remaining", s.limit(), s.remaining());
        if (s.resetsAt() == null) {
            w.name("resets_at").nullValue().name("resets_in_seconds").nullValue();
        } else {
            long nanos = java.time.Duration.between(now, s.resetsAt()).toNanos();
            w.field("resets_at", s.resetsAt().toString()).field("resets_in_seconds", Math.max(0, (nanos + 999_999_999) / 1_000_000_000));
        }
        w.endObject();
    }

    /**
     * The fields of a refusal, for the error envelopes of every protocol: {@code limit}, {@code scope}, {@code used},
     * {@code max}, {@code resets_at} (null for concurrency) and {@code retry_after_seconds}.
     */
    public static void refusal(JsonWriter w, Refusal r) {
        w.field("limit", r.limit().label()).field("scope", r.scope());
        amount(w, "used", r.limit(), r.used());
        amount(w, "max", r.limit(), r.max());
        w.field("resets_at", r.resetsAt() == null ? null : r.resetsAt().toString()).field("retry_after_seconds", r.retryAfterSeconds());
    }

    private static void amount(JsonWriter w, String name, LimitName limit, long value) {
        w.name(name);
        if (limit.money()) w.rawValue(Refusal.dollars(value));
        else w.value(value);
    }
}
