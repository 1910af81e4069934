package piapi.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;

/**
 * Binds the optional {@code routing:} section into {@link RoutingSettings}. Absent values take the
 * defaults; the environment's {@code PIAPI_ADAPTIVE_HALFLIFE} and {@code PIAPI_ADAPTIVE_QUALITY_FLOOR}
 * are honoured as defaults for the adaptive keys, so a deployment tuned through them keeps its tuning.
 */
final class RoutingSettingsBinder {
    private static final Set<String> KEYS = Set.of("maxAttempts", "failoverWindow", "retryOn", "cooldown", "maxCooldown",
            "authCooldown", "adaptiveHalfLife", "adaptiveFloor", "sessionAffinity", "affinityTtl", "affinityMaxSessions");
    private static final String WORDS = "connect, reset, timeout";

    private final Problems problems;
    private final SettingsBinder durations;
    private final Map<String, String> env;

    RoutingSettingsBinder(Problems problems, SettingsBinder durations, Map<String, String> env) {
        this.problems = problems;
        this.durations = durations;
        this.env = env;
    }

    RoutingSettings bind(MappingReader f) {
        f.warnUnknown(KEYS);
        RoutingSettings d = RoutingSettings.DEFAULTS;
        return new RoutingSettings(
                integer(f, "maxAttempts", d.maxAttempts(), 1, 20),
                durations.duration(f, "failoverWindow", d.failoverWindow()),
                retryOn(f),
                durations.duration(f, "cooldown", d.cooldown()),
                durations.duration(f, "maxCooldown", d.maxCooldown()),
                durations.duration(f, "authCooldown", d.authCooldown()),
                durations.duration(f, "adaptiveHalfLife", envHalfLife(f, d.adaptiveHalfLife())),
                floor(f, envFloor(f, d.adaptiveFloor())),
                f.bool("sessionAffinity", d.sessionAffinity()),
                durations.duration(f, "affinityTtl", d.affinityTtl()),
                integer(f, "affinityMaxSessions", d.affinityMaxSessions(), 1, 10_000_000));
    }

    private RetryOn retryOn(MappingReader f) {
        YamlNode node = f.node("retryOn");
        if (node == null || node instanceof YamlScalar s && s.isNull()) return RetryOn.DEFAULTS;
        String path = f.path("retryOn");
        if (node instanceof YamlScalar) {
            problems.error(node, path, "must be a list, e.g. [connect, reset, timeout, 429, 503]");
            return RetryOn.DEFAULTS;
        }
        boolean connect = false;
        boolean reset = false;
        boolean timeout = false;
        Set<Integer> statuses = new LinkedHashSet<>();
        boolean valid = true;
        var items = SequenceReader.items(node, path, problems);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String at = path + "[" + i + "]";
            String text = item instanceof YamlScalar s && !s.isNull() ? s.value().strip().toLowerCase(Locale.ROOT) : "";
            switch (text) {
                case "connect" -> connect = true;
                case "reset" -> reset = true;
                case "timeout" -> timeout = true;
                default -> {
                    int status = parseInt(text);
                    if (RetryOn.NEVER.contains(status)) {
                        problems.error(item, at, status + " is never retried: the request itself was refused, another candidate would refuse it too");
                        valid = false;
                    } else if (status < 400 || status > 599) {
                        problems.error(item, at, "'" + text + "' is not a retryable failure; use " + WORDS + " or a status 400-599");
                        valid = false;
                    } else {
                        statuses.add(status);
                    }
                }
            }
        }
        return valid ? new RetryOn(connect, reset, timeout, statuses) : RetryOn.DEFAULTS;
    }

    private int integer(MappingReader f, String key, int fallback, int min, int max) {
        String text = f.string(key);
        if (text == null) return fallback;
        int n = parseInt(text);
        if (n < min || n > max) {
            problems.error(f.node(key), f.path(key), "must be a whole number from " + min + " to " + max + ", not '" + text + "'");
            return fallback;
        }
        return n;
    }

    private double floor(MappingReader f, double fallback) {
        String text = f.string("adaptiveFloor");
        if (text == null) return fallback;
        double v = parseFloor(text);
        if (Double.isNaN(v)) {
            problems.error(f.node("adaptiveFloor"), f.path("adaptiveFloor"), "must be a number between 0 and 1 (exclusive), e.g. 0.1");
            return fallback;
        }
        return v;
    }

    private Duration envHalfLife(MappingReader f, Duration fallback) {
        String text = env.get("PIAPI_ADAPTIVE_HALFLIFE");
        if (text == null || text.isBlank()) return fallback;
        Duration d = DurationsAndSizes.duration(text.strip());
        if (d == null || d.isZero()) {
            problems.warn((YamlNode) null, f.path("adaptiveHalfLife"), "PIAPI_ADAPTIVE_HALFLIFE='" + text + "' is not a positive duration; ignored");
            return fallback;
        }
        return d;
    }

    private double envFloor(MappingReader f, double fallback) {
        String text = env.get("PIAPI_ADAPTIVE_QUALITY_FLOOR");
        if (text == null || text.isBlank()) return fallback;
        double v = parseFloor(text.strip());
        if (Double.isNaN(v)) {
            problems.warn((YamlNode) null, f.path("adaptiveFloor"), "PIAPI_ADAPTIVE_QUALITY_FLOOR='" + text + "' is not between 0 and 1; ignored");
            return fallback;
        }
        return v;
    }

    /** A number strictly between 0 and 1, or NaN. */
    private static double parseFloor(String text) {
        try {
            double v = Double.parseDouble(text);
            return v > 0 && v < 1 ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A decimal int, or -1. */
    private static int parseInt(String text) {
        if (text.isEmpty() || text.length() > 9) return -1;
        for (int i = 0; i < text.length(); i++) if (!Character.isDigit(text.charAt(i))) return -1;
        return Integer.parseInt(text);
    }
}
