package piapi.observe;

import java.time.Instant;
import java.util.function.Consumer;
import piapi.http.JsonWriter;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;

/**
 * One line per request on stdout, every request (no sampling). Names only (user name, provider, key
 * name), never a key; the path without its query, and the upstream URL with its query values redacted,
 * because a query can carry a credential.
 *
 * <p>Proxied requests also carry their usage: the models, the token counts the provider reported and the
 * cost (see {@link UsageFields}); every line carries the client address (after trusted-proxy handling).
 *
 * <p>Levels: {@code error} when piapi failed, the upstream failed or the status is 5xx; {@code warn}
 * for other 4xx statuses, timeouts, rejections and clients that left; {@code info} otherwise, except
 * {@code debug} for successful {@code /healthz} and {@code /metrics} calls (probes and scrapes would
 * drown the traffic). A line below the configured level is not formatted at all.
 */
public final class AccessLog implements Consumer<FinishedRequest> {
    private final LogSink sink;
    private final LogLevel min;
    private final LogFormat format;

    /** JSON lines at level info and above. */
    public AccessLog(LogSink sink) {
        this(sink, LogLevel.INFO, LogFormat.JSON);
    }

    public AccessLog(LogSink sink, LogLevel min, LogFormat format) {
        this.sink = sink;
        this.min = min;
        this.format = format;
    }

    @Override
    public void accept(FinishedRequest r) {
        LogLevel level = level(r);
        if (level.compareTo(min) < 0) return;
        sink.write(format == LogFormat.TEXT ? text(r, level) : json(r, level));
    }

    static String json(FinishedRequest r, LogLevel level) {
        JsonWriter w = new JsonWriter(new StringBuilder(r.proxied() ? 768 : 448)).beginObject() // a line with usage fits
                .field("time", Instant.ofEpochMilli(r.startMillis()).toString())
                .field("level", level.label())
                .field("request_id", r.id())
                .field("method", r.method())
                .field("path", r.path())
                .field("client", r.client().toString())
                .field("user", r.user())
                .field("service_type", r.serviceType())
                .field("provider", r.provider())
                .field("provider_key", r.keyName())
                .field("upstream_status", r.upstreamStatus())
                .field("status", r.status())
                .field("bytes_in", r.bytesIn())
                .field("bytes_out", r.bytesOut())
                .field("ttfb_ms", r.firstByteNanos() < 0 ? -1 : millis(r.firstByteNanos()))
                .field("duration_ms", millis(r.totalNanos()))
                .field("attempts", r.attempts())
                .field("outcome", r.outcome().label());
        if (r.proxied()) UsageFields.json(w, r);
        if (r.upstreamUrl() != null) w.field("upstream_url", Redaction.url(r.upstreamUrl()));
        if (!r.error().isEmpty()) w.field("error", Redaction.urlsIn(r.error()));
        return w.endObject().toString();
    }

    /**
     * {@code 2026-01-01T10:00:00.123Z INFO  POST /piapi/codex/responses 200 1.234s ttfb=210.0ms user=alice
     * service=codex upstream=alpha/main upstream_status=200 in=1.2KiB out=34.0KiB attempts=1 ok id=...}
     */
    static String text(FinishedRequest r, LogLevel level) {
        TextLine line = new TextLine(Instant.ofEpochMilli(r.startMillis()), level)
                .word(r.method()).word(r.path()).word(r.status() == 0 ? "-" : Integer.toString(r.status()));
        StringBuilder took = new StringBuilder(12);
        TextLine.appendDuration(took, r.totalNanos());
        line.word(took.toString());
        if (r.firstByteNanos() >= 0) line.duration("ttfb", r.firstByteNanos());
        if (!r.user().isEmpty()) line.field("user", r.user());
        if (!r.serviceType().isEmpty()) line.field("service", r.serviceType());
        if (!r.provider().isEmpty()) line.field("upstream", r.provider() + "/" + r.keyName());
        if (r.upstreamStatus() != 0) line.field("upstream_status", r.upstreamStatus());
        if (r.bytesIn() > 0) line.bytes("in", r.bytesIn());
        line.bytes("out", r.bytesOut());
        if (r.attempts() > 1) line.field("attempts", r.attempts());
        if (r.proxied()) UsageFields.text(line, r);
        line.field("client", r.client().toString());
        line.word(r.outcome().label());
        if (!r.error().isEmpty()) line.field("error", Redaction.urlsIn(r.error()));
        return line.field("id", r.id()).toString();
    }

    static LogLevel level(FinishedRequest r) {
        OutcomeLabel o = r.outcome();
        if (o == OutcomeLabel.INTERNAL_ERROR || o == OutcomeLabel.UPSTREAM_ERROR || r.status() >= 500) return LogLevel.ERROR;
        if (r.status() >= 400 || o != OutcomeLabel.OK) return LogLevel.WARN;
        String path = r.path();
        if (path.equals("/healthz") || path.equals("/metrics")) return LogLevel.DEBUG;
        return LogLevel.INFO;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3; // microsecond precision is plenty and keeps lines short
    }
}
