package piapi.config;

import java.time.Duration;
import java.util.Set;

/** Binds the optional {@code shutdown} section; an absent section or key takes the default. */
final class ShutdownBinder {
    private static final Set<String> KEYS = Set.of("grace");

    private final Problems problems;

    ShutdownBinder(Problems problems) {
        this.problems = problems;
    }

    ShutdownSettings bind(MappingReader root) {
        MappingReader f = MappingReader.of(root.node("shutdown"), "shutdown", problems);
        f.warnUnknown(KEYS);
        String text = f.string("grace");
        if (text == null) return ShutdownSettings.DEFAULTS;
        Duration grace = DurationsAndSizes.duration(text); // unlike the timeouts, 0s is meaningful here: stop at once
        if (grace == null) {
            problems.error(f.node("grace"), f.path("grace"), "'" + text + "' is not a duration; write e.g. 30s, 2m or 0s");
            return ShutdownSettings.DEFAULTS;
        }
        return new ShutdownSettings(grace);
    }
}
