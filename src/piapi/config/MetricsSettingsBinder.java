package piapi.config;

import java.util.Set;

/** Binds the optional {@code metrics} section; absent values take the defaults. */
final class MetricsSettingsBinder {
    private static final Set<String> KEYS = Set.of("perUser");

    private final Problems problems;

    MetricsSettingsBinder(Problems problems) {
        this.problems = problems;
    }

    MetricsSettings bind(MappingReader root) {
        MappingReader f = MappingReader.of(root.node("metrics"), "metrics", problems);
        f.warnUnknown(KEYS);
        return new MetricsSettings(f.bool("perUser", MetricsSettings.DEFAULTS.perUser()));
    }
}
