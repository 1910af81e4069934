package piapi.config;

import java.time.Duration;
import java.util.Set;
import piapi.yaml.YamlNode;

/** Binds piapi's optional sections ({@code timeouts}, {@code limits}, {@code shutdown}, {@code server}...); absent values take the defaults. */
final class SettingsBinder {
    private static final Set<String> TIMEOUT_KEYS = Set.of("connect", "firstByte", "idle");
    private static final Set<String> LIMIT_KEYS = Set.of("maxRequestBody");

    private final Problems problems;
    private final java.util.Map<String, String> env;

    SettingsBinder(Problems problems, java.util.Map<String, String> env) {
        this.problems = problems;
        this.env = env;
    }

    Settings bind(MappingReader root) {
        return new Settings(timeouts(MappingReader.of(root.node("timeouts"), "timeouts", problems)),
                limits(MappingReader.of(root.node("limits"), "limits", problems)),
                new RoutingSettingsBinder(problems, this, env).bind(MappingReader.of(root.node("routing"), "routing", problems)),
                new MetricsSettingsBinder(problems).bind(root),
                new ShutdownBinder(problems).bind(root),
                new ServerBinder(problems).bind(root),
                new PricingBinder(problems).bind(root));
    }

    private Timeouts timeouts(MappingReader f) {
        f.warnUnknown(TIMEOUT_KEYS);
        Timeouts d = Timeouts.DEFAULTS;
        return new Timeouts(duration(f, "connect", d.connect()), duration(f, "firstByte", d.firstByte()), duration(f, "idle", d.idle()));
    }

    private Limits limits(MappingReader f) {
        f.warnUnknown(LIMIT_KEYS);
        String text = f.string("maxRequestBody");
        if (text == null) return Limits.DEFAULTS;
        long bytes = DurationsAndSizes.size(text);
        if (bytes < 1) {
            problems.error(f.node("maxRequestBody"), f.path("maxRequestBody"),
                    "'" + text + "' is not a size; write bytes or a unit, e.g. 32MiB");
            return Limits.DEFAULTS;
        }
        return new Limits(bytes);
    }

    /** A positive duration such as 10s, 1m30s or 250ms; the default when absent. */
    Duration duration(MappingReader f, String key, Duration fallback) {
        String text = f.string(key);
        if (text == null) return fallback;
        Duration d = DurationsAndSizes.duration(text);
        if (d == null || d.isZero()) {
            YamlNode at = f.node(key);
            problems.error(at, f.path(key), "'" + text + "' is not a positive duration; write e.g. 10s, 1m30s or 250ms");
            return fallback;
        }
        return d;
    }
}
