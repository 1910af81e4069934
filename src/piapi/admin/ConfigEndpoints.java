package piapi.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import piapi.config.ConfigFile;
import piapi.config.ConfigHolder;
import piapi.config.ConfigSnapshot;
import piapi.config.ConfigUpdates;
import piapi.config.ETags;
import piapi.config.ParsedConfig;
import piapi.config.Problem;
import piapi.config.ConfigWriteResult;
import piapi.http.JsonWriter;
import piapi.observe.Events;

/**
 * The config under {@code /piadmin/api}: {@code GET /config} (the live config, secrets masked),
 * {@code GET /config/raw} (the file as it is on disk), {@code PUT /config/raw} (validate, write
 * atomically, reload, roll back on failure; optional {@code If-Match}), {@code POST /config/validate}.
 * Bodies are limited to 1 MiB (413). Changes are audited.
 */
public final class ConfigEndpoints {
    /** The most a config sent to the admin API may hold: hundreds of times a real one, yet never a heap's worth. */
    static final int MAX_BODY = 1 << 20;
    static final String YAML = "application/x-yaml";

    private final ConfigHolder holder;
    private final ConfigFile file;
    private final ConfigUpdates updates;
    private final AdminAudit audit;

    private ConfigEndpoints(ConfigHolder holder, ConfigFile file, ConfigUpdates updates, Events events) {
        this.holder = holder;
        this.file = file;
        this.updates = updates;
        this.audit = new AdminAudit(events);
    }

    public static void register(AdminApi api, ConfigHolder holder, ConfigFile file, ConfigUpdates updates, Events events) {
        ConfigEndpoints e = new ConfigEndpoints(holder, file, updates, events);
        api.on("GET", "/config", e::config)
                .on("GET", "/config/raw", e::raw)
                .on("PUT", "/config/raw", e::replace)
                .on("POST", "/config/validate", e::validate);
    }

    private void config(AdminRequest r) throws IOException {
        ConfigSnapshot s = holder.current();
        r.exchange().getResponseHeaders().set("ETag", ETags.of(s.sha256()));
        r.json(200, MaskedConfigJson.write(s.config()));
    }

    /** The file re-read from disk, which may differ from the live config while it holds an edit that failed. */
    private void raw(AdminRequest r) throws IOException {
        byte[] bytes;
        try {
            bytes = file.readOrNull();
        } catch (IOException e) {
            r.error(500, "config_unreadable", "cannot read " + file.path() + ": " + e.getClass().getSimpleName());
            return;
        }
        if (bytes == null) {
            r.error(404, "config_file_missing", file.path() + " does not exist; the live config is generation "
                    + holder.current().generation() + " (PUT /piadmin/api/config/raw writes a new file)");
            return;
        }
        r.exchange().getResponseHeaders().set("ETag", ETags.of(ConfigFile.sha256(bytes)));
        r.send(200, YAML, bytes);
    }

    private void validate(AdminRequest r) throws IOException {
        byte[] body = r.body(MAX_BODY);
        if (body == null) return;
        ParsedConfig result = updates.validate(body);
        if (result instanceof ParsedConfig.Invalid invalid) {
            invalid(r, invalid.problems(), "nothing was written");
            return;
        }
        ParsedConfig.Loaded loaded = (ParsedConfig.Loaded) result;
        JsonWriter w = new JsonWriter().beginObject().field("valid", true).field("sha256", loaded.sha256())
                .field("force_needed", !loaded.problems().isEmpty()).name("warnings");
        ProblemsJson.write(w, loaded.problems());
        r.json(200, w.endObject().toString());
    }

    private void replace(AdminRequest r) throws IOException {
        Boolean force = r.force();
        if (force == null) return;
        byte[] body = r.body(MAX_BODY);
        String active = holder.current().sha256();
        if (body == null) {
            audit.record(r, "config_replace", "too_large", active, null);
            return;
        }
        ConfigWriteResult result = updates.replace(body, r.header("If-Match"), force);
        switch (result) {
            case ConfigWriteResult.HasWarnings h -> {
                audit.record(r, "config_replace", "refused", active, null, "warnings", (long) h.warnings().size());
                hasWarnings(r, h.warnings());
            }
            case ConfigWriteResult.Invalid i -> {
                audit.record(r, "config_replace", "invalid", active, null, "errors", i.problems().stream().filter(Problem::isError).count());
                invalid(r, i.problems(), "nothing was written; the current config keeps serving");
            }
            case ConfigWriteResult.Stale s -> {
                audit.record(r, "config_replace", "stale", s.currentSha256(), null, "if_match", r.header("If-Match"));
                AdminErrors.send(r, 409, "stale_config", "If-Match does not name the current config file ("
                        + (s.currentSha256() == null ? "it does not exist" : s.currentSha256())
                        + "): it changed since you read it; GET /piadmin/api/config/raw and apply your edit again",
                        w -> w.field("current_sha256", s.currentSha256()));
            }
            case ConfigWriteResult.Unchanged u -> {
                audit.record(r, "config_replace", "unchanged", u.active().sha256(), u.active().sha256());
                success(r, "unchanged", u.active(), null, null, null);
            }
            case ConfigWriteResult.Applied a -> {
                audit.record(r, "config_replace", "success", a.sha256Before(), a.active().sha256(), "generation", a.active().generation(),
                        "forced", force,
                        "write_mode", a.mode() == null ? null : a.mode().label(), "backup", a.backup() == null ? null : a.backup().toString());
                success(r, "applied", a.active(), a.sha256Before(), a.mode(), a.backup());
            }
            case ConfigWriteResult.Raced c -> {
                audit.record(r, "config_replace", "raced", c.sha256Before(), c.active().sha256());
                AdminErrors.send(r, 409, "concurrent_change", "the file was changed by someone else while this write was being "
                        + "applied; their version is live now (generation " + c.active().generation() + "); review it and retry",
                        w -> w.field("current_sha256", c.active().sha256()));
            }
            case ConfigWriteResult.Failed f -> {
                audit.record(r, "config_replace", f.restored() ? "rolled_back" : "failure", f.sha256Before(), f.sha256Attempted(),
                        "code", f.code(), "restored", f.restored());
                AdminErrors.send(r, 500, f.code(), f.message(), w -> {
                    w.field("restored", f.restored()).field("active_sha256", f.active().sha256()).name("problems");
                    ProblemsJson.write(w, f.problems());
                });
            }
        }
    }

    private static void success(AdminRequest r, String what, ConfigSnapshot s, String before, ConfigFile.WriteMode mode,
                                Path backup) throws IOException {
        JsonWriter w = new JsonWriter().beginObject().field("result", what).field("generation", s.generation())
                .field("sha256", s.sha256());
        if (before != null) w.field("sha256_before", before);
        if (mode != null) w.field("write_mode", mode.label());
        if (backup != null) w.field("backup", backup.toString());
        w.name("warnings");
        ProblemsJson.write(w, s.warnings());
        r.exchange().getResponseHeaders().set("ETag", ETags.of(s.sha256()));
        r.json(200, w.endObject().toString());
    }

    /** 422: the write would replace a working config with one that has warnings; the answer says how to force it. */
    private static void hasWarnings(AdminRequest r, List<Problem> warnings) throws IOException {
        String forceWith = "PUT " + AdminApi.PREFIX + "/config/raw?force=true";
        AdminErrors.send(r, 422, "config_has_warnings", warnings.size() + " warning(s) in the config; nothing was written and "
                + "the current config keeps serving. Fix them, or send the same request with ?force=true (" + forceWith
                + ") to write it anyway", w -> ProblemsJson.write(w.field("valid", true).field("force_with", forceWith).name("problems"),
                warnings));
    }

    private static void invalid(AdminRequest r, List<Problem> problems, String consequence) throws IOException {
        long errors = problems.stream().filter(Problem::isError).count();
        AdminErrors.send(r, 400, "invalid_config", errors + " problem(s) in the config; " + consequence,
                w -> ProblemsJson.write(w.field("valid", false).name("problems"), problems));
    }

}
