package piapi.config;

import java.util.Locale;
import java.util.Set;

/** Binds the optional {@code metrics} section; absent values take the defaults. */
final class MetricsSettingsBinder {
    private static final Set<String> KEYS = Set.of("perUser");

    private final Problems problems;

    MetricsSettingsBinder(Problems problems) {
        this.problems = problems;
    }

    MetricsSettings bind(Fields root) {
        Fields f = Fields.of(root.node("metrics"), "metrics", problems);
        f.warnUnknown(KEYS);
        String text = f.string("perUser");
        if (text == null) return MetricsSettings.DEFAULTS;
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> new MetricsSettings(true);
            case "false" -> new MetricsSettings(false);
            default -> {
                problems.error(f.node("perUser"), f.path("perUser"), "'" + text + "' is not a boolean; write true or false");
                yield MetricsSettings.DEFAULTS;
            }
        };
    }
}
