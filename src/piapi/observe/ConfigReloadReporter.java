package piapi.observe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import piapi.config.ConfigHolder;
import piapi.config.ConfigReloader;
import piapi.config.ConfigSnapshot;
import piapi.config.Problem;
import piapi.config.ReloadObserver;
import piapi.config.ReloadReport;

/**
 * Turns reloads into metrics and events. Metrics: {@code piapi_config_reloads_total{result}} (the name
 * and help existing dashboards query), the live config's generation, load time and SHA-256 ({@code piapi_config_info}), whether
 * the last reload succeeded, and watcher restarts. Events: {@code config_reloaded}, {@code config_unchanged},
 * {@code config_reload_failed} (warning, with every problem as {@code file:line:col: path: message}),
 * {@code config_watching}, {@code config_watcher_failed}.
 */
public final class ConfigReloadReporter implements ReloadObserver {
    private final Events events;
    private final Counter.Child successes;
    private final Counter.Child failures;
    private final Gauge.Child generation;
    private final Gauge.Child loadedAt;
    private final Gauge.Child lastSuccessful;
    private final Gauge info;
    private final Counter.Child watcherRestarts;
    private String infoSha; // the sha labelling the info series; written under the holder's publish lock

    public ConfigReloadReporter(Metrics metrics, Events events, ConfigHolder holder) {
        this.events = events;
        Counter reloads = metrics.counter("piapi_config_reloads_total",
                "Count of configuration reload outcomes partitioned by result (success/failure).", "result");
        successes = reloads.labels("success");
        failures = reloads.labels("failure");
        generation = metrics.gauge("piapi_config_generation",
                "Generation of the live config: 1 for the config loaded at start, +1 for every config published since.").labels();
        loadedAt = metrics.gauge("piapi_config_loaded_timestamp_seconds",
                "Unix time at which the live config was loaded.").labels();
        info = metrics.gauge("piapi_config_info", "The live config, labelled with the SHA-256 of its file; always 1.", "sha256");
        lastSuccessful = metrics.gauge("piapi_config_last_reload_successful",
                "1 when the last reload attempt succeeded or found nothing new, 0 when it failed and the previous config kept serving.").labels();
        lastSuccessful.set(1);
        watcherRestarts = metrics.counter("piapi_config_watcher_restarts_total",
                "Times the config directory watcher failed and was restarted.").labels();
        ConfigSnapshot first = holder.current();
        if (first != null) published(first);
        holder.addListener(this::published);
    }

    /** Follows every publish (reloads, admin writes), so the gauges always describe the live config. */
    private void published(ConfigSnapshot s) {
        generation.set(s.generation());
        loadedAt.set(s.loadedAt().toEpochMilli() / 1000.0);
        info.labels(s.sha256()).set(1);
        String old = infoSha;
        infoSha = s.sha256();
        if (old != null && !old.equals(infoSha)) info.remove(old); // after the new series exists: a scrape never sees none
    }

    @Override
    public void reloaded(ReloadReport outcome) {
        if (ConfigReloader.isQuiet(outcome)) return; // an unrelated event in the config's directory
        String trigger = outcome.trigger().label();
        switch (outcome) {
            case ReloadReport.Applied a -> {
                successes.inc();
                lastSuccessful.set(1);
                ConfigSnapshot s = a.active();
                events.info("config_reloaded", "trigger", trigger, "generation", s.generation(), "sha256", s.sha256(),
                        "previous_sha256", a.previousSha256(), "warnings", texts(s.warnings()));
            }
            case ReloadReport.Unchanged u -> {
                lastSuccessful.set(1);
                events.info("config_unchanged", "trigger", trigger, "generation", u.active().generation(), "sha256", u.active().sha256());
            }
            case ReloadReport.Failed f -> {
                failures.inc();
                lastSuccessful.set(0);
                ConfigSnapshot kept = f.active();
                events.warn("config_reload_failed", "trigger", trigger, "code", f.code(), "sha256", f.sha256(), "errors", (long) f.errors().size(),
                        "problems", texts(f.problems()), "kept_generation", kept == null ? null : kept.generation(),
                        "kept_sha256", kept == null ? null : kept.sha256());
            }
        }
    }

    @Override
    public void watching(Path directory, long restarts) {
        events.info("config_watching", "directory", directory.toString(), "restarts", restarts);
    }

    @Override
    public void watcherFailed(Path directory, String reason, long consecutive, Duration retryIn) {
        watcherRestarts.inc();
        events.warn("config_watcher_failed", "directory", directory.toString(), "reason", reason,
                "consecutive_failures", consecutive, "retry_in_ms", retryIn.toMillis());
    }

    /** Reload outcomes counted since start: {@code [successes, failures]}. */
    public long successes() {
        return (long) successes.value();
    }

    public long failures() {
        return (long) failures.value();
    }

    private static List<String> texts(List<Problem> problems) {
        List<String> out = new ArrayList<>(problems.size());
        for (Problem p : problems) out.add(p.toString());
        return out;
    }
}
