package piapi.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import piapi.http.JsonException;
import piapi.http.JsonReader;
import piapi.http.JsonWriter;

/** A kept config version's metadata as JSON: its file in the history directory, and its part of the admin answers. */
final class VersionJson {
    private VersionJson() {}

    static String write(ConfigHistory.Version v) {
        return fields(new JsonWriter().beginObject(), v).endObject().toString();
    }

    /** The version's members, for an object the caller has begun. */
    static JsonWriter fields(JsonWriter w, ConfigHistory.Version v) {
        w.field("id", v.id()).field("time", v.time().toString()).field("who", v.who()).field("trigger", v.trigger())
                .field("sha256", v.sha256()).field("loaded", v.loaded()).field("size", v.size());
        w.name("changes").beginArray();
        for (String c : v.changes()) w.value(c);
        return w.endArray().field("note", v.note());
    }

    static ConfigHistory.Version read(String json) throws JsonException {
        Map<String, Object> m = JsonReader.parseObject(json);
        List<String> changes = new ArrayList<>();
        if (m.get("changes") instanceof List<?> list) for (Object o : list) changes.add(String.valueOf(o));
        return new ConfigHistory.Version(((Number) m.get("id")).longValue(), Instant.parse((String) m.get("time")),
                (String) m.get("who"), (String) m.get("trigger"), (String) m.get("sha256"), Boolean.TRUE.equals(m.get("loaded")),
                ((Number) m.get("size")).intValue(), changes, (String) m.get("note"));
    }
}
