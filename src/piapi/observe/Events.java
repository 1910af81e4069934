package piapi.observe;

import java.time.Instant;
import piapi.http.JsonWriter;

/**
 * Lifecycle events as JSON lines with an {@code event} field ({@code started}, {@code config_reloaded},
 * {@code config_reload_failed}, {@code shutdown}...), so operators and tests can match on them.
 * Fields are name/value pairs; values must never be secrets.
 */
public final class Events {
    private final LogSink sink;

    public Events(LogSink sink) {
        this.sink = sink;
    }

    public void info(String event, Object... fields) {
        emit("info", event, fields);
    }

    public void warn(String event, Object... fields) {
        emit("warn", event, fields);
    }

    public void error(String event, Object... fields) {
        emit("error", event, fields);
    }

    private void emit(String level, String event, Object... fields) {
        JsonWriter w = new JsonWriter().beginObject()
                .field("time", Instant.now().toString()).field("level", level).field("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            w.name(String.valueOf(fields[i]));
            Object v = fields[i + 1];
            switch (v) {
                case null -> w.nullValue();
                case Long l -> w.value(l.longValue());
                case Integer n -> w.value(n.longValue());
                case Double d -> w.value(d.doubleValue());
                case Boolean b -> w.value(b.booleanValue());
                case Iterable<?> list -> {
                    w.beginArray();
                    for (Object o : list) w.value(String.valueOf(o));
                    w.endArray();
                }
                default -> w.value(v.toString());
            }
        }
        sink.write(w.endObject().toString());
    }
}
