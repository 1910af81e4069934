package piapi.config;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replaces the config file on behalf of the admin API: validate fully, then (holding the reloader's
 * lock, so concurrent writes and watcher reloads queue up) check {@code If-Match}, write atomically,
 * reload from disk, and on any failure put the previous file back. The previous config serves
 * throughout: a config that failed is never published.
 */
public final class ConfigUpdates {
    private final ConfigFile file;
    private final ConfigLoader loader;
    private final ConfigReloader reloader;
    private final ConfigHolder holder;

    public ConfigUpdates(ConfigFile file, ConfigLoader loader, ConfigReloader reloader, ConfigHolder holder) {
        this.file = file;
        this.loader = loader;
        this.reloader = reloader;
        this.holder = holder;
    }

    /** The checks a reload would make, nothing written: problems named after the config file. */
    public ParsedConfig validate(byte[] body) {
        String name = reloader.file().toString();
        if (ConfigReloader.isBlank(body)) {
            return new ParsedConfig.Invalid(ConfigReloader.sha256(body), List.of(ConfigReloader.problem(name,
                    "the config is empty; send the whole file (GET /piadmin/api/config/raw gives the current one)")));
        }
        return loader.parse(body, name);
    }

    /** {@link #replace(byte[], String, boolean)} without forcing: a config with warnings is refused. */
    public ConfigWriteResult replace(byte[] body, String ifMatch) {
        return replace(body, ifMatch, false);
    }

    /**
     * Replaces the file with {@code body} and makes it live. A config with any warning (an unknown key, an
     * auth block that falls back to Bearer, no users, no user able to reach any service...) is refused with
     * its warnings, nothing written, unless {@code force}: a write through the admin API replaces a working
     * config, and a warning there is most often a typo that would break it for everyone.
     *
     * @param ifMatch the client's {@code If-Match} header (SHA-256 of the version it edited), or null to skip the check
     * @param force   write and apply a config that has warnings, even one that locks everyone out
     */
    public ConfigWriteResult replace(byte[] body, String ifMatch, boolean force) {
        ParsedConfig validated = validate(body);
        if (validated instanceof ParsedConfig.Invalid invalid) return new ConfigWriteResult.Invalid(invalid.problems());
        String after = ((ParsedConfig.Loaded) validated).sha256();
        // The live config itself was accepted with its warnings already: writing it back (an unchanged save) is no new risk.
        if (!force && !validated.problems().isEmpty() && !after.equals(holder.current().sha256())) {
            return new ConfigWriteResult.HasWarnings(validated.problems());
        }
        ReentrantLock lock = reloader.lock();
        lock.lock();
        try {
            byte[] previous;
            try {
                previous = file.readOrNull();
            } catch (IOException e) {
                return failed("config_unreadable", "cannot read the current config file: " + describe(e), List.of(), null, after, true);
            }
            String before = previous == null ? null : ConfigReloader.sha256(previous);
            if (ifMatch != null && !ETags.matches(ifMatch, before)) return new ConfigWriteResult.Stale(before);
            if (after.equals(before) && after.equals(holder.current().sha256())) return new ConfigWriteResult.Unchanged(holder.current());
            ConfigFile.Written written = null;
            if (!after.equals(before)) {
                try {
                    written = file.write(body);
                } catch (IOException e) {
                    return failed("write_failed", "could not write " + file.path() + ": " + describe(e)
                            + "; the file and the config are unchanged", List.of(), before, after, true);
                }
            }
            ReloadReport outcome = reloader.reloadNow(ReloadTrigger.ADMIN_WRITE, force);
            return switch (outcome) {
                case ReloadReport.Applied a when after.equals(a.active().sha256()) ->
                        new ConfigWriteResult.Applied(a.active(), before, written == null ? null : written.mode(),
                                written == null ? null : written.backup());
                case ReloadReport.Applied a -> new ConfigWriteResult.Raced(a.active(), before);
                case ReloadReport.Unchanged u when after.equals(u.active().sha256()) -> new ConfigWriteResult.Unchanged(u.active());
                case ReloadReport.Unchanged u -> new ConfigWriteResult.Raced(u.active(), before);
                case ReloadReport.Failed f -> rollBack(f, previous, before, after);
            };
        } finally {
            lock.unlock();
        }
    }

    private ConfigWriteResult rollBack(ReloadReport.Failed failure, byte[] previous, String before, String after) {
        try {
            file.restore(previous);
        } catch (IOException e) {
            return failed("reload_failed", "the written config could not be applied, and restoring the previous file failed too ("
                    + describe(e) + "); the previous config is still serving, but the file on disk is the new one",
                    failure.problems(), before, after, false);
        }
        return failed("reload_failed", "the written config could not be applied; the previous file was restored and the "
                + "previous config is still serving", failure.problems(), before, after, true);
    }

    private ConfigWriteResult failed(String code, String message, List<Problem> problems, String before, String after, boolean restored) {
        return new ConfigWriteResult.Failed(code, message, problems, before, after, restored, holder.current());
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
