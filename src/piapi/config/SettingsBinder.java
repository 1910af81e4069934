package piapi.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import piapi.yaml.YamlNode;

/** Binds piapi's optional sections ({@code timeouts}, {@code limits}, {@code shutdown}, {@code server}, {@code network}, {@code usage}...); absent values take the defaults. */
final class SettingsBinder {
    private static final Set<String> TIMEOUT_KEYS = Set.of("connect", "firstByte", "idle");
    private static final Set<String> LIMIT_KEYS = Set.of("maxRequestBody", "timezone", "default");

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
                new PricingBinder(problems).bind(root),
                new NetworkBinder(problems).lists(root.node("network"), "network"),
                new UsageSettingsBinder(problems).bind(root));
    }

    private Timeouts timeouts(MappingReader f) {
        f.warnUnknown(TIMEOUT_KEYS);
        Timeouts d = Timeouts.DEFAULTS;
        return new Timeouts(duration(f, "connect", d.connect()), duration(f, "firstByte", d.firstByte()), duration(f, "idle", d.idle()));
    }

    private Limits limits(MappingReader f) {
        f.warnUnknown(LIMIT_KEYS);
        return new Limits(maxRequestBody(f), timezone(f), new UserLimitsBinder(problems).bind(f.node("default"), f.path("default")));
    }

    private long maxRequestBody(MappingReader f) {
        String text = f.string("maxRequestBody");
        if (text == null) return Limits.DEFAULTS.maxRequestBodyBytes();
        long bytes = DurationsAndSizes.size(text);
        if (bytes < 1) {
            problems.error(f.node("maxRequestBody"), f.path("maxRequestBody"),
                    "'" + text + "' is not a size; write bytes or a unit, e.g. 32MiB");
            return Limits.DEFAULTS.maxRequestBodyBytes();
        }
        return bytes;
    }

    /** An IANA zone ({@code Europe/Berlin}) or an offset ({@code +02:00}); day and month windows follow its calendar. */
    private ZoneId timezone(MappingReader f) {
        String text = f.string("timezone");
        if (text == null) return Limits.DEFAULT_TIMEZONE;
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            problems.error(f.node("timezone"), f.path("timezone"), "'" + text + "' is not a time zone; write e.g. UTC, Europe/Berlin or America/New_York");
            return Limits.DEFAULT_TIMEZONE;
        }
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
