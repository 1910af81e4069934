package piapi.config;

import java.time.Instant;
import java.util.List;

/** What one reload attempt did: applied a new config, found nothing new, or kept the previous config. */
public sealed interface ReloadReport {
    ReloadTrigger trigger();

    Instant at();

    /** The snapshot serving after this attempt. */
    ConfigSnapshot active();

    /** {@code success}, {@code unchanged} or {@code failure}: the metric's and the admin API's word for it. */
    String result();

    /** A new snapshot is live; {@code previousSha256} is what it replaced. */
    record Applied(ReloadTrigger trigger, Instant at, ConfigSnapshot active, String previousSha256) implements ReloadReport {
        @Override
        public String result() {
            return "success";
        }
    }

    /** The file's SHA-256 equals the live config's: nothing was parsed or swapped, the generation stays. */
    record Unchanged(ReloadTrigger trigger, Instant at, ConfigSnapshot active) implements ReloadReport {
        @Override
        public String result() {
            return "unchanged";
        }
    }

    /**
     * The file could not be read, was empty, was invalid, or was refused; the previous config ({@code active})
     * keeps serving. {@code sha256} is the attempted file's, null when unread. {@code code} says which:
     * {@link #INVALID} for a file that cannot be used, {@link #NO_REACHABLE_SERVICE} for a valid file refused
     * because no user could reach any service with it (see {@link Reachability}).
     */
    record Failed(ReloadTrigger trigger, Instant at, ConfigSnapshot active, String sha256, List<Problem> problems, String code)
            implements ReloadReport {
        public static final String INVALID = "reload_failed";
        public static final String NO_REACHABLE_SERVICE = "no_reachable_service";

        public Failed {
            problems = List.copyOf(problems);
        }

        /** Refused because it would lock everyone out, though valid: forcing applies it. */
        public boolean refused() {
            return NO_REACHABLE_SERVICE.equals(code);
        }

        @Override
        public String result() {
            return "failure";
        }

        /** The errors only (an invalid file may also have warnings). */
        public List<Problem> errors() {
            return problems.stream().filter(Problem::isError).toList();
        }
    }
}
