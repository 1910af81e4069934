package piapi.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import piapi.yaml.YamlNode;

/** Binds piapi's optional sections ({@code timeouts}, {@code limits}, {@code shutdown}, {@code server}, {@code network}, {@code usage}...); absent values take the defaults. */
final class SettingsBinder {
    private static final Set<String> TIMEOUT_KEYS = Set.of("connect", "firstByte", "idle", "heartbeat");
    private static final Set<String> LIMIT_KEYS = Set.of("maxRequestBody", "requestBodyMemory", "timezone", "default");

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
        return new Timeouts(duration(f, "connect", d.connect()), duration(f, "firstByte", d.firstByte()), duration(f, "idle", d.idle()),
                heartbeat(f));
    }

    /** Shortest heartbeat: more often than this, the comment lines would cost more than the silence they fill. */
    static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);

    /** {@code timeouts.heartbeat}: a duration of at least 100ms, or {@code 0} / {@code 0s} for none. */
    private Duration heartbeat(MappingReader f) {
        String text = f.string("heartbeat");
        if (text == null) return Timeouts.DEFAULT_HEARTBEAT;
        Duration d = text.equals("0") ? Duration.ZERO : DurationsAndSizes.duration(text);
        if (d == null || (!d.isZero() && d.compareTo(MIN_HEARTBEAT) < 0)) {
            problems.error(f.node("heartbeat"), f.path("heartbeat"),
                    "'" + text + "' is not a heartbeat; write a duration of at least 100ms (e.g. 5s), or 0s to turn heartbeats off");
            return Timeouts.DEFAULT_HEARTBEAT;
        }
        return d;
    }

    private Limits limits(MappingReader f) {
        f.warnUnknown(LIMIT_KEYS);
        return new Limits(maxRequestBody(f), requestBodyMemory(f), timezone(f),
                new UserLimitsBinder(problems).bind(f.node("default"), f.path("default")));
    }

    /** Above this share of the heap, bodies alone could leave too little for everything else. */
    static final double MAX_BODY_MEMORY_PERCENT = 90;

    /** {@code limits.requestBodyMemory}: a size ({@code 64MiB}, {@code 0} spills every body) or a share of the maximum heap ({@code 25%}). */
    private MemoryShare requestBodyMemory(MappingReader f) {
        String text = f.string("requestBodyMemory");
        if (text == null) return Limits.DEFAULT_BODY_MEMORY;
        if (text.endsWith("%")) {
            double percent = percent(text.substring(0, text.length() - 1));
            if (percent >= 0 && percent <= MAX_BODY_MEMORY_PERCENT) return MemoryShare.ofPercent(percent);
        } else {
            long bytes = DurationsAndSizes.size(text);
            if (bytes >= 0) return MemoryShare.ofBytes(bytes);
        }
        problems.error(f.node("requestBodyMemory"), f.path("requestBodyMemory"),
                "'" + text + "' is not a memory budget; write a share of the maximum heap from 0% to 90% (e.g. 25%) or a size (e.g. 64MiB)");
        return Limits.DEFAULT_BODY_MEMORY;
    }

    /** A plain decimal number ({@code 25}, {@code 12.5}), or -1. */
    private static double percent(String digits) {
        if (digits.isEmpty() || !Character.isDigit(digits.charAt(0)) || !Character.isDigit(digits.charAt(digits.length() - 1))) return -1;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!Character.isDigit(c) && c != '.') return -1;
        }
        try {
            return Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
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
