package piapi.observe;

import java.time.Instant;
import java.util.function.Consumer;
import piapi.http.JsonWriter;
import piapi.http.Outcome;
import piapi.http.RequestRecord;

/**
 * One JSON line per request on stdout. Names only (user name, provider, key name), never a key;
 * the path without its query, because a query can carry a credential.
 */
public final class AccessLog implements Consumer<RequestRecord> {
    private final LogSink sink;

    public AccessLog(LogSink sink) {
        this.sink = sink;
    }

    @Override
    public void accept(RequestRecord r) {
        sink.write(format(r));
    }

    static String format(RequestRecord r) {
        JsonWriter w = new JsonWriter(new StringBuilder(384)).beginObject()
                .field("time", Instant.ofEpochMilli(r.startEpochMillis()).toString())
                .field("level", level(r))
                .field("request_id", r.id())
                .field("method", r.method())
                .field("path", r.path())
                .field("user", r.user())
                .field("service_type", r.serviceType())
                .field("provider", r.provider())
                .field("provider_key", r.keyName())
                .field("upstream_status", r.upstreamStatus())
                .field("status", r.status())
                .field("bytes_in", r.bytesIn())
                .field("bytes_out", r.bytesOut())
                .field("ttfb_ms", r.firstByteNanos() < 0 ? -1 : r.firstByteNanos() / 1e6)
                .field("duration_ms", r.totalNanos() / 1e6)
                .field("attempts", r.attempts())
                .field("outcome", r.outcome().label());
        if (!r.error().isEmpty()) w.field("error", r.error());
        return w.endObject().toString();
    }

    private static String level(RequestRecord r) {
        if (r.outcome() == Outcome.INTERNAL_ERROR || r.status() >= 500 || r.outcome() == Outcome.UPSTREAM_ERROR) return "error";
        if (r.status() >= 400 || r.outcome() != Outcome.OK) return "warn";
        return "info";
    }
}
