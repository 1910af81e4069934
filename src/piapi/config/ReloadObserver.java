package piapi.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Told about reloads and the watcher's life, so metrics and log events can follow them without the
 * config package depending on observe. Called on the reloading thread; must not block.
 */
public interface ReloadObserver {
    /**
     * Every attempt, whatever its trigger, including the watcher's that found nothing new
     * ({@link ConfigReloader#isQuiet}), which a reporter should not log or count.
     */
    void reloaded(ReloadReport outcome);

    /** The watcher is (again) watching {@code directory}; {@code restarts} counts earlier failures. */
    void watching(Path directory, long restarts);

    /** The watcher failed and will be restarted after {@code retryIn}. */
    void watcherFailed(Path directory, String reason, long failures, Duration retryIn);

    /** An observer that ignores everything (tests of the reloader alone). */
    ReloadObserver NONE = new ReloadObserver() {
        @Override
        public void reloaded(ReloadReport outcome) { }

        @Override
        public void watching(Path directory, long restarts) { }

        @Override
        public void watcherFailed(Path directory, String reason, long failures, Duration retryIn) { }
    };
}
