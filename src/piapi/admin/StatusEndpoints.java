package piapi.admin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import piapi.config.ConfigHolder;
import piapi.config.ConfigReloader;
import piapi.config.ConfigSnapshot;
import piapi.config.DataDir;
import piapi.config.ETags;
import piapi.config.ReloadReport;
import piapi.config.ReloadTrigger;
import piapi.config.WatcherStatus;
import piapi.http.JsonWriter;
import piapi.observe.BuildInfo;
import piapi.observe.ConfigReloadReporter;
import piapi.observe.Events;

/**
 * {@code GET /status} (version, uptime, the data dir and whether it is writable, the live config's path, generation, SHA-256 and load time, the
 * last reload with its problems, reload counts, the watcher) and {@code POST /reload} (reload from disk
 * now: 200 applied or unchanged, 422 with every problem when the file is invalid; audited).
 */
public final class StatusEndpoints {
    private final BuildInfo build;
    private final Clock clock;
    private final Instant startedAt;
    private final ConfigHolder holder;
    private final ConfigReloader reloader;
    private final ConfigReloadReporter counts;
    private final AdminAudit audit;
    private final DataDir dataDir;
    private final Map<String, Consumer<JsonWriter>> sections = new ConcurrentSkipListMap<>();

    private StatusEndpoints(BuildInfo build, Clock clock, ConfigHolder holder, ConfigReloader reloader,
                            ConfigReloadReporter counts, Events events, DataDir dataDir) {
        this.build = build;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.holder = holder;
        this.reloader = reloader;
        this.counts = counts;
        this.audit = new AdminAudit(events);
        this.dataDir = dataDir;
    }

    public static StatusEndpoints register(AdminApi api, BuildInfo build, Clock clock, ConfigHolder holder, ConfigReloader reloader,
                                           ConfigReloadReporter counts, Events events, DataDir dataDir) {
        StatusEndpoints e = new StatusEndpoints(build, clock, holder, reloader, counts, events, dataDir);
        api.on("GET", "/status", e::status).on("POST", "/reload", e::reload);
        return e;
    }

    /** Adds a part to {@code GET /status} that a feature writes itself (a JSON value under {@code name}). */
    public StatusEndpoints section(String name, Consumer<JsonWriter> value) {
        sections.put(name, value);
        return this;
    }

    private void status(AdminRequest r) throws IOException {
        ConfigSnapshot s = holder.current();
        Instant now = clock.instant();
        JsonWriter w = new JsonWriter(new StringBuilder(1024)).beginObject()
                .field("version", build.version()).field("commit", build.commit())
                .field("started_at", startedAt.toString()).field("uptime_seconds", Duration.between(startedAt, now).toSeconds());
        w.name("config").beginObject().field("path", reloader.file().toAbsolutePath().toString())
                .field("generation", s.generation()).field("sha256", s.sha256()).field("loaded_at", s.loadedAt().toString())
                .name("warnings");
        ProblemsJson.write(w, s.warnings());
        w.endObject().name("last_reload");
        ReloadReport last = reloader.lastOutcome();
        if (last == null) w.nullValue(); else outcome(w, last);
        w.name("reloads").beginObject().field("success", counts.successes()).field("failure", counts.failures()).endObject();
        WatcherStatus ws = reloader.watcherStatus();
        w.name("watcher").beginObject().field("watching", ws.watching()).field("directory", ws.directory().toString())
                .field("restarts", ws.restarts()).field("last_error", ws.lastError())
                .field("last_error_at", ws.lastErrorAt() == null ? null : ws.lastErrorAt().toString()).endObject();
        w.name("data_dir").beginObject().field("path", dataDir.path().toString()).field("writable", dataDir.writable())
                .field("problem", dataDir.problem()).endObject();
        sections.forEach((name, value) -> value.accept(w.name(name)));
        r.exchange().getResponseHeaders().set("ETag", ETags.of(s.sha256()));
        r.json(200, w.endObject().toString());
    }

    private static void outcome(JsonWriter w, ReloadReport o) {
        w.beginObject().field("time", o.at().toString()).field("trigger", o.trigger().label()).field("result", o.result());
        switch (o) {
            case ReloadReport.Applied a -> w.field("generation", a.active().generation()).field("sha256", a.active().sha256())
                    .field("previous_sha256", a.previousSha256()).name("problems").beginArray().endArray();
            case ReloadReport.Unchanged u -> w.field("generation", u.active().generation()).field("sha256", u.active().sha256())
                    .name("problems").beginArray().endArray();
            case ReloadReport.Failed f -> {
                w.field("sha256", f.sha256()).field("code", f.code()).name("problems");
                ProblemsJson.write(w, f.problems());
            }
        }
        w.endObject();
    }

    private void reload(AdminRequest r) throws IOException {
        Boolean force = r.force();
        if (force == null) return;
        String before = holder.current().sha256();
        ReloadReport o = reloader.reloadNow(ReloadTrigger.ADMIN, force);
        switch (o) {
            case ReloadReport.Failed f when f.refused() -> {
                audit.record(r, "reload", "refused", before, f.sha256());
                AdminErrors.send(r, 422, f.code(), "no user could reach any service with " + reloader.file() + ", so it was not "
                        + "applied; the previous config (generation " + f.active().generation() + ") keeps serving. Send "
                        + "POST " + AdminApi.PREFIX + "/reload?force=true to apply it anyway", w -> {
                    w.field("active_sha256", f.active().sha256()).field("force_with", "POST " + AdminApi.PREFIX + "/reload?force=true")
                            .name("problems");
                    ProblemsJson.write(w, f.problems());
                });
            }
            case ReloadReport.Failed f -> {
                audit.record(r, "reload", "failure", before, f.sha256(), "errors", (long) f.errors().size());
                AdminErrors.send(r, 422, f.code(), f.errors().size() + " problem(s) in " + reloader.file()
                        + "; the previous config (generation " + f.active().generation() + ") keeps serving", w -> {
                    w.field("active_sha256", f.active().sha256()).name("problems");
                    ProblemsJson.write(w, f.problems());
                });
            }
            case ReloadReport.Applied a -> {
                audit.record(r, "reload", "success", before, a.active().sha256(), "generation", a.active().generation(), "forced", force);
                reloaded(r, o);
            }
            case ReloadReport.Unchanged u -> {
                audit.record(r, "reload", "unchanged", before, u.active().sha256());
                reloaded(r, o);
            }
        }
    }

    private static void reloaded(AdminRequest r, ReloadReport o) throws IOException {
        ConfigSnapshot s = o.active();
        JsonWriter w = new JsonWriter().beginObject().field("result", o.result()).field("generation", s.generation())
                .field("sha256", s.sha256()).name("warnings");
        ProblemsJson.write(w, s.warnings());
        r.exchange().getResponseHeaders().set("ETag", ETags.of(s.sha256()));
        r.json(200, w.endObject().toString());
    }
}
