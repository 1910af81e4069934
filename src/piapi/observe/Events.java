package piapi.observe;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import piapi.http.JsonWriter;

/**
 * Lifecycle events, one line each with an {@code event} field, so operators and tests can match on them.
 * The names piapi uses: {@code started}, {@code shutdown}, {@code config_warning}, {@code config_reloaded},
 * {@code config_reload_failed}, {@code upstream_unhealthy}, {@code upstream_recovered},
 * {@code handler_failed}, {@code log_lines_dropped}.
 *
 * <p>Fields are name/value pairs: {@code events.warn("upstream_unhealthy", "provider", p, "key_name", k,
 * "failures", 3, "cooldown", Duration.ofSeconds(30), "error", e)}. Values are written by type: numbers
 * and booleans as such, a {@link Duration} as seconds, an {@link Iterable} as a list, a {@link URI} with
 * its query values redacted, a {@link Throwable} as its class and message, anything else as its string
 * with the query values of any URL inside redacted. Never pass a secret: a {@code Secret} prints
 * {@code ***}, and names (user, provider, key name) are what belongs in an event.
 *
 * <p>A call below the configured level returns before anything is formatted.
 */
public final class Events {
    private final LogSink sink;
    private final LogLevel min;
    private final LogFormat format;
    private final Clock clock;

    /** JSON lines at level info and above, timestamped by the system clock. */
    public Events(LogSink sink) {
        this(sink, LogLevel.INFO, LogFormat.JSON, Clock.systemUTC());
    }

    public Events(LogSink sink, LogLevel min, LogFormat format, Clock clock) {
        this.sink = sink;
        this.min = min;
        this.format = format;
        this.clock = clock;
    }

    /** Makes the log sink write a {@code log_lines_dropped} event (with {@code count}) after it had to drop lines. */
    public void announceDrops() {
        sink.dropNotice(count -> format(LogLevel.WARN, "log_lines_dropped", "count", count));
    }

    /** Whether a line at this level is written; guard the computation of costly fields with it. */
    public boolean enabled(LogLevel level) {
        return level.compareTo(min) >= 0;
    }

    public void debug(String event, Object... fields) {
        log(LogLevel.DEBUG, event, fields);
    }

    public void info(String event, Object... fields) {
        log(LogLevel.INFO, event, fields);
    }

    public void warn(String event, Object... fields) {
        log(LogLevel.WARN, event, fields);
    }

    public void error(String event, Object... fields) {
        log(LogLevel.ERROR, event, fields);
    }

    public void log(LogLevel level, String event, Object... fields) {
        if (!enabled(level)) return;
        sink.write(format(level, event, fields));
    }

    /** The line for an event, without writing it (the log sink's own drop notices use it). */
    String format(LogLevel level, String event, Object... fields) {
        return format == LogFormat.TEXT ? text(level, event, fields) : json(level, event, fields);
    }

    private String json(LogLevel level, String event, Object... fields) {
        JsonWriter w = new JsonWriter(new StringBuilder(160)).beginObject()
                .field("time", now().toString()).field("level", level.label()).field("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            w.name(String.valueOf(fields[i]));
            switch (fields[i + 1]) {
                case null -> w.nullValue();
                case Long n -> w.value(n.longValue());
                case Integer n -> w.value(n.longValue());
                case Short n -> w.value(n.longValue());
                case Double d -> w.value(d.doubleValue());
                case Float f -> w.value(f.doubleValue());
                case Boolean b -> w.value(b.booleanValue());
                case Duration d -> w.value(d.toNanos() / 1e9);
                case Iterable<?> list -> {
                    w.beginArray();
                    for (Object o : list) w.value(string(o));
                    w.endArray();
                }
                case Object other -> w.value(string(other));
            }
        }
        return w.endObject().toString();
    }

    private String text(LogLevel level, String event, Object... fields) {
        TextLine line = new TextLine(now(), level).word(event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            String name = String.valueOf(fields[i]);
            switch (fields[i + 1]) {
                case null -> line.field(name, "null");
                case Duration d -> line.duration(name, d.toNanos());
                case Iterable<?> list -> {
                    StringBuilder sb = new StringBuilder();
                    for (Object o : list) sb.append(sb.isEmpty() ? "" : ",").append(string(o));
                    line.field(name, sb.toString());
                }
                case Object other -> line.field(name, string(other));
            }
        }
        return line.toString();
    }

    /** Milliseconds, like the access log's lines. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String string(Object v) {
        return switch (v) {
            case null -> "null";
            case URI uri -> Redaction.url(uri);
            case Throwable t -> t.getClass().getName() + (t.getMessage() == null ? "" : ": " + Redaction.urlsIn(t.getMessage()));
            case String s -> Redaction.urlsIn(s);
            case Object o -> Redaction.urlsIn(o.toString());
        };
    }
}
