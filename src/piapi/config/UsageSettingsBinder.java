package piapi.config;

import java.util.Set;

/** Binds the optional {@code usage} section; absent values take the defaults. */
final class UsageSettingsBinder {
    private static final Set<String> KEYS = Set.of("retentionDays");
    /** About 27 years: beyond it, 0 (keep everything) says the same more plainly. */
    private static final int MAX_DAYS = 9999;

    private final Problems problems;

    UsageSettingsBinder(Problems problems) {
        this.problems = problems;
    }

    UsageSettings bind(MappingReader root) {
        MappingReader f = MappingReader.of(root.node("usage"), "usage", problems);
        f.warnUnknown(KEYS);
        String text = f.string("retentionDays");
        if (text == null) return UsageSettings.DEFAULTS;
        boolean digits = !text.isEmpty() && text.length() <= 4 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            problems.error(f.node("retentionDays"), f.path("retentionDays"),
                    "must be a whole number of days from 0 (keep every file) to " + MAX_DAYS + ", not '" + text + "'");
            return UsageSettings.DEFAULTS;
        }
        return new UsageSettings(Integer.parseInt(text));
    }
}
