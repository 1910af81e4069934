package piapi.config;

import java.nio.file.Path;
import java.util.List;

/** What replacing the config file through the admin API did; each case maps to one HTTP answer. */
public sealed interface ConfigWriteResult {

    /** The body is not a valid config; nothing was written. */
    record Invalid(List<Problem> problems) implements ConfigWriteResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** The body is a valid config with warnings, and the write did not say {@code force}; nothing was written. */
    record HasWarnings(List<Problem> warnings) implements ConfigWriteResult {
        public HasWarnings {
            warnings = List.copyOf(warnings);
        }
    }

    /** {@code If-Match} named another version than the file's current one ({@code currentSha256}, null when absent). */
    record Stale(String currentSha256) implements ConfigWriteResult {}

    /** The body is what is on disk and live already; nothing was written or reloaded. */
    record Unchanged(ConfigSnapshot active) implements ConfigWriteResult {}

    /** Written and live. {@code backup} is where an in-place write kept the old file, else null. */
    record Applied(ConfigSnapshot active, String sha256Before, ConfigFile.WriteMode mode, Path backup)
            implements ConfigWriteResult {}

    /**
     * The write or the reload failed. {@code restored} tells whether the previous file is back (the
     * previous config never stopped serving). {@code problems} explain a failed reload.
     */
    record Failed(String code, String message, List<Problem> problems, String sha256Before, String sha256Attempted,
                  boolean restored, ConfigSnapshot active) implements ConfigWriteResult {
        public Failed {
            problems = List.copyOf(problems);
        }
    }

    /** Someone else changed the file between this write and its reload; their (valid) version is live. */
    record Raced(ConfigSnapshot active, String sha256Before) implements ConfigWriteResult {}
}
