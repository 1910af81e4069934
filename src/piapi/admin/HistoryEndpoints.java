package piapi.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import piapi.config.ConfigFile;
import piapi.http.JsonWriter;

/**
 * The config history under {@code /piadmin/api/config/history}:
 * <ul>
 * <li>{@code GET /config/history}: the kept versions, newest first (who, when, SHA-256, what changed), and
 *     the SHA-256 of the file on disk now ({@code current_sha256}, the {@code If-Match} for a restore);</li>
 * <li>{@code GET /config/history/{id}}: one version with its text, key values masked in place
 *     ({@code text} is null when the version does not parse, so its keys cannot be found);</li>
 * <li>{@code POST /config/history/{id}/restore}: writes that version back through the same path as
 *     {@code PUT /config/raw} (validated, atomic, reloaded, rolled back on failure), with {@code If-Match}.</li>
 * </ul>
 * The text is masked because this answer is for looking and diffing; the raw editor
 * ({@code GET /config/raw}) stays the only answer with keys in it, and a restore never needs them.
 */
final class HistoryEndpoints {
    private final ConfigHistory history;
    private final ConfigEditor editor;
    private final ConfigFile file;

    private HistoryEndpoints(ConfigHistory history, ConfigEditor editor, ConfigFile file) {
        this.history = history;
        this.editor = editor;
        this.file = file;
    }

    static void register(AdminApi api, ConfigHistory history, ConfigEditor editor, ConfigFile file) {
        HistoryEndpoints e = new HistoryEndpoints(history, editor, file);
        api.on("GET", "/config/history", e::list)
                .on("GET", "/config/history/{id}", e::version)
                .on("POST", "/config/history/{id}/restore", e::restore);
    }

    private void list(AdminRequest r) throws IOException {
        byte[] onDisk = file.readOrNull();
        String current = onDisk == null ? null : ConfigFile.sha256(onDisk);
        JsonWriter w = new JsonWriter(new StringBuilder(4096)).beginObject().field("durable", history.durable())
                .field("directory", history.directory() == null ? null : history.directory().toString())
                .field("keep", ConfigHistory.KEEP).field("current_sha256", current).name("versions").beginArray();
        for (ConfigHistory.Version v : history.list()) {
            VersionJson.fields(w.beginObject(), v).field("current", v.sha256().equals(current)).endObject();
        }
        r.json(200, w.endArray().endObject().toString());
    }

    private void version(AdminRequest r) throws IOException {
        ConfigHistory.Version v = find(r);
        if (v == null) return;
        byte[] bytes = history.content(v);
        JsonWriter w = VersionJson.fields(new JsonWriter(new StringBuilder(v.size() + 1024)).beginObject(), v);
        if (bytes == null) {
            w.name("text").nullValue().field("problem", "the kept copy is missing or damaged");
        } else {
            String masked = SecretMask.mask(new String(bytes, StandardCharsets.UTF_8));
            w.field("text", masked).field("masked", true);
            if (masked == null) w.field("problem", "this version does not parse, so its key values cannot be located and masked;"
                    + " it is not shown (a restore still works if it is valid)");
        }
        r.json(200, w.endObject().toString());
    }

    private void restore(AdminRequest r) throws IOException {
        ConfigHistory.Version v = find(r);
        if (v == null) return;
        byte[] bytes = history.content(v);
        if (bytes == null) {
            r.error(410, "version_gone", "version " + v.id() + "'s kept copy is missing or damaged");
            return;
        }
        editor.replace(r, "config_restore", "restore version " + v.id(), bytes);
    }

    private ConfigHistory.Version find(AdminRequest r) throws IOException {
        String id = r.pathParam("id");
        ConfigHistory.Version v = null;
        if (id.length() <= 18 && id.chars().allMatch(c -> c >= '0' && c <= '9')) v = history.version(Long.parseLong(id));
        if (v == null) r.error(404, "not_found", "no kept version with that id; GET /piadmin/api/config/history lists them");
        return v;
    }
}
