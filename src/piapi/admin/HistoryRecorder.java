package piapi.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import piapi.config.ConfigFile;
import piapi.config.ReloadObserver;
import piapi.config.ReloadReport;
import piapi.config.ReloadTrigger;

/**
 * Keeps every version of the config file a reload applied or refused in the {@link ConfigHistory}, then
 * tells the next observer (metrics and events). It runs on the reloading thread, inside the reload lock,
 * so versions are kept in the order they were loaded and the file read is the file just loaded; keeping
 * one costs a read of the (small) file and two small fsynced writes.
 */
public final class HistoryRecorder implements ReloadObserver {
    private final ConfigHistory history;
    private final ReloadObserver next;
    private final Path file;
    private final String admin;

    /** @param admin who admin writes are attributed to: "admin" and the token's fingerprint */
    public HistoryRecorder(ConfigHistory history, ReloadObserver next, Path file, String admin) {
        this.history = history;
        this.next = next;
        this.file = file;
        this.admin = admin;
    }

    @Override
    public void reloaded(ReloadReport outcome) {
        try {
            switch (outcome) {
                case ReloadReport.Applied a -> keep(a.active().sha256(), who(a.trigger()), a.trigger().label(), true);
                case ReloadReport.Failed f when f.sha256() != null -> keep(f.sha256(), who(f.trigger()), f.trigger().label(), false);
                default -> { }
            }
        } finally {
            next.reloaded(outcome);
        }
    }

    /** Keeps the file piapi started with. */
    public void started(String sha256) {
        keep(sha256, "piapi", "start", true);
    }

    /** Keeps the file if it is still the version the reload saw (it may have changed again since). */
    private void keep(String sha256, String who, String trigger, boolean loaded) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return; // gone again: the next reload reports it
        }
        if (ConfigFile.sha256(bytes).equals(sha256)) history.keep(bytes, who, trigger, loaded);
    }

    private String who(ReloadTrigger trigger) {
        return switch (trigger) {
            case WATCH -> "file watcher";
            case SIGNAL -> "SIGHUP";
            case ADMIN_WRITE -> admin;
            case ADMIN -> admin + " (reload)";
            case MANUAL -> "piapi";
        };
    }

    @Override
    public void watching(Path directory, long restarts) {
        next.watching(directory, restarts);
    }

    @Override
    public void watcherFailed(Path directory, String reason, long failures, Duration retryIn) {
        next.watcherFailed(directory, reason, failures, retryIn);
    }
}
