package piapi.admin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import piapi.config.ConfigFile;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.config.ConfigUpdates;
import piapi.config.ConfigWriteResult;
import piapi.config.ETags;
import piapi.config.Problem;
import piapi.http.JsonWriter;
import piapi.observe.Events;
import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlException;
import piapi.yaml.YamlMapping;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlParser;
import piapi.yaml.YamlScalar;

/**
 * The write path of the structured edits (users, routes, providers, keys) and of a restore from the
 * history: read the file, check the caller's {@code If-Match} against it, apply the edit to the parsed
 * document, write it back as canonical YAML through {@link ConfigUpdates} (validate, atomic write,
 * reload, roll back), and answer as {@code PUT /config/raw} does. The write itself is conditional on the
 * version read, so an edit made meanwhile by anyone (the watcher, another admin) is never overwritten.
 * Comments do not survive a structured edit; the raw editor keeps them.
 */
final class ConfigEditor {
    /** A change to the parsed document; refusals are the caller's mistakes (unknown user, key in use). */
    @FunctionalInterface
    interface Edit {
        YamlMapping apply(YamlMapping root) throws Refusal;
    }

    private final ConfigFile file;
    private final ConfigUpdates updates;
    private final ConfigHolder holder;
    private final ConfigHistory history;
    private final AdminAudit audit;

    ConfigEditor(ConfigFile file, ConfigUpdates updates, ConfigHolder holder, ConfigHistory history, Events events) {
        this.file = file;
        this.updates = updates;
        this.holder = holder;
        this.history = history;
        this.audit = new AdminAudit(events);
    }

    /** The file as it is on disk now, parsed; refuses when it is missing or does not parse. */
    record Current(byte[] bytes, String sha256, YamlMapping root) {}

    Current read() throws Refusal, IOException {
        byte[] bytes = file.readOrNull();
        if (bytes == null) throw Refusal.conflict("config_file_missing", file.path() + " does not exist; write one with the raw editor");
        YamlNode root;
        try {
            root = YamlParser.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw Refusal.conflict("config_unparseable", "the config file is not UTF-8; fix it with the raw editor first");
        } catch (YamlException e) {
            throw Refusal.conflict("config_unparseable", "the config file on disk does not parse (" + e.getMessage()
                    + "); fix it with the raw editor first");
        }
        YamlMapping mapping = switch (root) {
            case YamlMapping m -> m;
            case YamlScalar s when s.isNull() -> YamlEmitter.mapping(List.of());
            default -> throw Refusal.conflict("config_unparseable", "the config file is not a mapping; fix it with the raw editor first");
        };
        return new Current(bytes, ConfigFile.sha256(bytes), mapping);
    }

    /**
     * Applies {@code edit} to the current file and writes the result. {@code extra} adds members to the
     * success answer (e.g. a generated key, shown once).
     */
    void edit(AdminRequest r, String action, String note, Edit edit, Consumer<JsonWriter> extra) throws IOException {
        Boolean force = r.force();
        if (force == null) return; // answered 400
        try {
            String ifMatch = requireIfMatch(r);
            Current current = read();
            checkIfMatch(ifMatch, current.sha256());
            byte[] next = YamlEmitter.emit(edit.apply(current.root())).getBytes(StandardCharsets.UTF_8);
            write(r, action, note, next, ETags.of(current.sha256()), force, extra);
        } catch (Refusal e) {
            refuse(r, action, e);
        }
    }

    /** Writes {@code bytes} (a restored version) if the file is still the one {@code If-Match} names. */
    void replace(AdminRequest r, String action, String note, byte[] bytes) throws IOException {
        Boolean force = r.force();
        if (force == null) return; // answered 400
        try {
            String ifMatch = requireIfMatch(r);
            write(r, action, note, bytes, ifMatch, force, w -> { });
        } catch (Refusal e) {
            refuse(r, action, e);
        }
    }

    private void refuse(AdminRequest r, String action, Refusal e) throws IOException {
        audit.record(r, action, e.status() == 409 ? "stale" : "refused", holder.current().sha256(), null, "code", e.code());
        if (e.code().equals("stale_config")) {
            String current = currentFileSha();
            AdminErrors.send(r, 409, e.code(), e.getMessage(), w -> w.field("current_sha256", current));
        } else {
            r.error(e.status(), e.code(), e.getMessage());
        }
    }

    private String currentFileSha() {
        try {
            byte[] b = file.readOrNull();
            return b == null ? null : ConfigFile.sha256(b);
        } catch (IOException e) {
            return null;
        }
    }

    static String requireIfMatch(AdminRequest r) throws Refusal {
        String ifMatch = r.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new Refusal(428, "if_match_required", "send If-Match: \"<sha256>\" with the ETag of GET /piadmin/api/config/raw"
                    + " (or /config) that this change is based on, so a change made meanwhile is not overwritten");
        }
        return ifMatch;
    }

    static void checkIfMatch(String ifMatch, String sha256) throws Refusal {
        if (!ETags.matches(ifMatch, sha256)) {
            throw Refusal.conflict("stale_config", "the config file changed since you read it; reload and apply your change again");
        }
    }

    /**
     * Writes {@code next} through the raw write path, conditional on {@code ifMatch}, and answers. A result
     * with warnings is refused (422) unless {@code force}, as for {@code PUT /config/raw}.
     */
    private void write(AdminRequest r, String action, String note, byte[] next, String ifMatch, boolean force,
                       Consumer<JsonWriter> extra) throws IOException {
        if (note != null) history.expectNote(ConfigFile.sha256(next), note);
        String active = holder.current().sha256();
        ConfigWriteResult result = updates.replace(next, ifMatch, force);
        switch (result) {
            case ConfigWriteResult.HasWarnings h -> {
                audit.record(r, action, "refused", active, null, "warnings", (long) h.warnings().size());
                AdminErrors.send(r, 422, "config_has_warnings", h.warnings().size() + " warning(s) in the config this change "
                        + "would make; nothing was written. Send the same request with ?force=true to apply it anyway",
                        w -> ProblemsJson.write(w.field("valid", true).field("force_with", "?force=true").name("problems"), h.warnings()));
            }
            case ConfigWriteResult.Invalid i -> {
                audit.record(r, action, "invalid", active, null, "errors", i.problems().stream().filter(Problem::isError).count());
                AdminErrors.send(r, 400, "invalid_config", "the change would make the config invalid; nothing was written",
                        w -> ProblemsJson.write(w.field("valid", false).name("problems"), i.problems()));
            }
            case ConfigWriteResult.Stale s -> {
                audit.record(r, action, "stale", s.currentSha256(), null);
                AdminErrors.send(r, 409, "stale_config", "the config file changed since you read it; reload and apply your change again",
                        w -> w.field("current_sha256", s.currentSha256()));
            }
            case ConfigWriteResult.Unchanged u -> {
                audit.record(r, action, "unchanged", u.active().sha256(), u.active().sha256());
                success(r, "unchanged", u.active(), null, extra);
            }
            case ConfigWriteResult.Applied a -> {
                audit.record(r, action, "success", a.sha256Before(), a.active().sha256(), "generation", a.active().generation(),
                        "forced", force);
                success(r, "applied", a.active(), a.sha256Before(), extra);
            }
            case ConfigWriteResult.Raced c -> {
                audit.record(r, action, "raced", c.sha256Before(), c.active().sha256());
                AdminErrors.send(r, 409, "concurrent_change", "the file was changed by someone else while this change was being "
                        + "applied; their version is live now; reload and apply your change again",
                        w -> w.field("current_sha256", c.active().sha256()));
            }
            case ConfigWriteResult.Failed f -> {
                audit.record(r, action, f.restored() ? "rolled_back" : "failure", f.sha256Before(), f.sha256Attempted(), "code", f.code());
                AdminErrors.send(r, 500, f.code(), f.message(), w -> {
                    w.field("restored", f.restored()).name("problems");
                    ProblemsJson.write(w, f.problems());
                });
            }
        }
    }

    private static void success(AdminRequest r, String what, ConfigSnapshot s, String before, Consumer<JsonWriter> extra)
            throws IOException {
        JsonWriter w = new JsonWriter().beginObject().field("result", what).field("generation", s.generation()).field("sha256", s.sha256());
        if (before != null) w.field("sha256_before", before);
        w.name("warnings");
        ProblemsJson.write(w, s.warnings());
        extra.accept(w);
        r.exchange().getResponseHeaders().set("ETag", ETags.of(s.sha256()));
        r.json(200, w.endObject().toString());
    }
}
